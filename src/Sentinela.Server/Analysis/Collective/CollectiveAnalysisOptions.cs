using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>Sentinela:Analysis:Collective — every knob of the outbreak detectors. Defaults are repeated in appsettings.json.</summary>
public sealed class CollectiveAnalysisOptions
{
    public const string Section = "Sentinela:Analysis:Collective";

    public RadiusDetectorOptions Radius { get; set; } = new();
    public RegionWindowOptions Municipality { get; set; } = new();
    public RegionWindowOptions State { get; set; } = new() { MinVolume = 300, MinAbnormal = 30, NominalRadiusKm = 300 };

    /// <summary>Expected share of hemograms abnormal for any one condition in a healthy population; the null hypothesis of the tests.</summary>
    [Range(0.0001, 0.5)] public double BaselineProportion { get; set; } = 0.05;

    /// <summary>
    /// Largest one-sided binomial p-value that still counts as a cluster. Small, because every abnormal case runs a test per
    /// condition: at 0.001 a day of normal state-wide traffic raised an occasional false alarm; 0.0001 did not.
    /// </summary>
    [Range(1e-12, 0.5)] public double MaxPValue { get; set; } = 0.0001;

    /// <summary>An active alert resolves when its area's share falls below Threshold × ResolveRatio (hysteresis against flapping).</summary>
    [Range(0.0, 1.0)] public double ResolveRatio { get; set; } = 0.75;

    /// <summary>A new alert version is published when the cases behind it grow by this fraction, or when its severity escalates.</summary>
    [Range(0.0, 10.0)] public double UpdateMinGrowth { get; set; } = 0.25;

    /// <summary>How often sliding windows and active alerts are re-evaluated without new traffic.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far back the in-memory index reaches: the longest detector horizon.</summary>
    public TimeSpan Horizon => new[] { Radius.Window, Municipality.Window * 2, State.Window * 2 }.Max();
}

/// <summary>Among the last RecentCount hemograms within RadiusKm and Window, alert when the abnormal share exceeds Threshold.</summary>
public sealed class RadiusDetectorOptions
{
    public bool Enabled { get; set; } = true;
    [Range(5, 10_000)] public int RecentCount { get; set; } = 50;
    [Range(0.1, 1000)] public double RadiusKm { get; set; } = 50;
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(72);
    [Range(0.0, 1.0)] public double Threshold { get; set; } = 0.15;
    [Range(1, 10_000)] public int MinAbnormal { get; set; } = 5;
}

/// <summary>Per municipality or state: alert when volume, share and a significant rise over the previous window all hold.</summary>
public sealed class RegionWindowOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan Bucket { get; set; } = TimeSpan.FromHours(1);
    [Range(1, 1_000_000)] public int MinVolume { get; set; } = 30;
    [Range(1, 1_000_000)] public int MinAbnormal { get; set; } = 5;
    [Range(0.0, 1.0)] public double Threshold { get; set; } = 0.15;
    /// <summary>The share must be at least this multiple of the previous window's (or the baseline when that window is thin).</summary>
    [Range(1.0, 100)] public double TrendMinRatio { get; set; } = 1.25;
    /// <summary>Radius used to draw and target a region alert around its centroid.</summary>
    [Range(0.1, 2000)] public double NominalRadiusKm { get; set; } = 15;
}
