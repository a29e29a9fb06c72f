using Sentinela.DetectionQuality.Scoring;

namespace Sentinela.DetectionQuality.Running;

/// <summary>One value of a swept knob and what the detector scored with it.</summary>
public sealed record SweepPoint(string Configuration, string Knob, double Value, QualityMetrics Metrics);
