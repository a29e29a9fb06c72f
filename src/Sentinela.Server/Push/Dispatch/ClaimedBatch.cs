using Sentinela.Server.Push.Devices;

namespace Sentinela.Server.Push.Dispatch;

/// <summary>Jobs of one alert version leased to one worker, with each job's device as it is now (null if unregistered).</summary>
public sealed record ClaimedBatch(IReadOnlyList<(PushJob Job, Device? Device)> Jobs);
