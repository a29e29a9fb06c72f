using OpenTelemetry.Resources;
using Sentinela.Server.Storage.Distributed.Redis;

namespace Sentinela.Server.Observability;

/// <summary>
/// service.instance.id: which of several instances did a piece of work. It is on the resource for exporters, and also a
/// tag on spans (<see cref="ServiceInstanceSpanProcessor"/>): ActivitySources are process-wide, so servers sharing one
/// process (the tests, a load harness) each see every span, and only a tag tells whose it is.
/// In distributed mode it is the bus's instance id, so spans and the origin of what an instance published agree.
/// </summary>
public sealed class ServiceInstance(RedisInstance? redis = null) : IResourceDetector
{
    public const string Tag = "service.instance.id";

    public string Id { get; } = redis?.Id ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    public Resource Detect() => new([new KeyValuePair<string, object>(Tag, Id)]);
}
