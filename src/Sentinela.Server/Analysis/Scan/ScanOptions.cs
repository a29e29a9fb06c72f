using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Analysis.Scan;

/// <summary>Sentinela:Analysis:Detection:Scan — the prospective expectation-based space–time scan.</summary>
public sealed class ScanOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Largest circle: municipalities whose centroids lie within this distance of the centre's.</summary>
    [Range(0, 1000)] public double MaxRadiusKm { get; set; } = 50;

    /// <summary>Most municipalities in one circle (the centre and its nearest neighbours that report).</summary>
    [Range(1, 200)] public int MaxZoneSize { get; set; } = 10;

    /// <summary>Longest time window, in days ending today (today counts as a day, partial or not).</summary>
    [Range(1, 28)] public int MaxWindowDays { get; set; } = 14;

    /// <summary>Monte Carlo replicates of the null (no-outbreak) maximum per condition; a Gumbel fit extrapolates small p-values.</summary>
    [Range(19, 9_999)] public int Replicates { get; set; } = 99;

    /// <summary>How long a condition's null calibration is reused before it is simulated again (sooner when the expectation moves).</summary>
    public TimeSpan CalibrationInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Most clusters (the strongest and non-overlapping secondary ones) reported per condition and scan.</summary>
    [Range(1, 1000)] public int MaxClusters { get; set; } = 20;
}
