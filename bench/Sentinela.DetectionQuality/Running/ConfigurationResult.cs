using Sentinela.DetectionQuality.Scoring;

namespace Sentinela.DetectionQuality.Running;

/// <summary>One detector setup's scores on one scenario; <see cref="Setting"/> says which knob value, if it was swept.</summary>
public sealed record ConfigurationResult(string Name, string Setting, QualityMetrics Metrics, TimeSpan Elapsed);
