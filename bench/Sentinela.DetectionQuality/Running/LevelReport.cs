using Sentinela.DetectionQuality.Generation;

namespace Sentinela.DetectionQuality.Running;

/// <summary>Every detector setup scored on one generated scenario (one prevalence level), with the sweeps behind the matched rows.</summary>
public sealed record LevelReport(
    GroundTruth Truth,
    IReadOnlyList<ConfigurationResult> Results,
    IReadOnlyList<SweepPoint> Sweeps,
    TimeSpan Generation,
    TimeSpan Parsing);
