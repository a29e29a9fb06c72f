using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Analysis.Silence;

/// <summary>
/// Sentinela:Analysis:Detection:FeedSilence — when a laboratory's feed counts as silent: over the last 24 hours it
/// delivered at most SilentShare of what the same hours of the same weekday brought in the previous Weeks weeks, that
/// expectation was at least MinExpected hemograms, and a Poisson count that low has a chance below MaxPValue. The notice
/// ends when the last 24 hours bring back RecoveredShare of the expected.
/// </summary>
public sealed class FeedSilenceOptions
{
    public bool Enabled { get; set; } = true;
    [Range(1, 5)] public int Weeks { get; set; } = 4;
    [Range(1, 100_000)] public double MinExpected { get; set; } = 20;
    [Range(0, 1)] public double SilentShare { get; set; } = 0.2;
    [Range(0, 1)] public double RecoveredShare { get; set; } = 0.5;
    [Range(1e-12, 0.5)] public double MaxPValue { get; set; } = 0.001;
}
