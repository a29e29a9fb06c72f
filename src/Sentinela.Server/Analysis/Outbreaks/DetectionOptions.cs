using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Analysis.Outbreaks;

/// <summary>
/// Sentinela:Analysis:Detection — when decisions run, which detectors raise signals, and how signals become graded alerts
/// (the policy). Baseline, scan and detector knobs have their own sections beneath this one.
/// </summary>
public sealed class DetectionOptions : IValidatableObject
{
    public const string Section = "Sentinela:Analysis:Detection";

    /// <summary>How often decisions run without news (resolution, other instances' counts); new counts also wake them.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After new counts wake the decider it waits this long, so a burst of hemograms is decided once.</summary>
    public TimeSpan DecisionDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the space–time scan runs (the temporal detectors run at every decision).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Temporal detectors run per municipality × condition, comma-separated: Cusum, Ewma, EarsC1, EarsC2, EarsC3 (empty: the
    /// scan alone); each has its parameters in a section of its own (Cusum, Ewma, Ears).
    /// </summary>
    public string TemporalDetectors { get; set; } = "Cusum";

    static readonly DetectorKind[] Temporal = [DetectorKind.Cusum, DetectorKind.Ewma, DetectorKind.EarsC1, DetectorKind.EarsC2, DetectorKind.EarsC3];

    /// <summary><see cref="TemporalDetectors"/>, parsed (validated at start-up).</summary>
    public IReadOnlyList<DetectorKind> TemporalKinds =>
        [.. TemporalDetectors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => Enum.TryParse<DetectorKind>(name, ignoreCase: true, out var kind) && Temporal.Contains(kind) ? kind
                : throw new FormatException($"'{name}' is not a temporal detector ({string.Join(", ", Temporal)}).")).Distinct()];

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var name in TemporalDetectors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!Enum.TryParse<DetectorKind>(name, ignoreCase: true, out var kind) || !Temporal.Contains(kind))
                yield return new ValidationResult($"TemporalDetectors: '{name}' is not one of {string.Join(", ", Temporal)}.");
    }

    /// <summary>Days of each series the temporal detectors read (ending today).</summary>
    [Range(7, 120)] public int SeriesDays { get; set; } = 28;

    /// <summary>Longest window a temporal signal's p-value is corrected for (Bonferroni: conditions × windows).</summary>
    [Range(1, 120)] public int CorrectedWindows { get; set; } = 14;

    /// <summary>No signal from fewer abnormal results than this, however unlikely (a cold start's first cases).</summary>
    [Range(1, 10_000)] public int MinCases { get; set; } = 3;

    /// <summary>A signal is an alert when its corrected p-value is below this (yellow).</summary>
    [Range(1e-12, 1)] public double Alpha { get; set; } = 0.01;

    /// <summary>Red below this corrected p-value (every alert is red when Alpha is the smaller).</summary>
    [Range(1e-12, 0.5)] public double RedAlpha { get; set; } = 0.001;

    /// <summary>Critical: red, and the excess at least this many cases and this many times the expected.</summary>
    [Range(1, 1_000_000)] public double CriticalExcess { get; set; } = 20;
    [Range(1, 1000)] public double CriticalRatio { get; set; } = 3;

    /// <summary>
    /// The recent days that decide whether an excess is still going on. A signal raises or extends an alert only while its
    /// area's last ResolveDays are in excess (observed/expected above ResolveRatio with a p-value below CurrentPValue), so an
    /// outbreak that ended days ago inside a 14-day window raises nothing new; an open alert resolves once its area's last
    /// ResolveDays are back to expected (observed/expected at most ResolveRatio, or an excess chance explains: p above
    /// ResolvePValue). The gap between the two p-values is the hysteresis.
    /// </summary>
    [Range(1, 28)] public int ResolveDays { get; set; } = 3;
    [Range(1, 10)] public double ResolveRatio { get; set; } = 1.2;
    [Range(0, 1)] public double CurrentPValue { get; set; } = 0.05;
    [Range(0, 1)] public double ResolvePValue { get; set; } = 0.3;

    /// <summary>A version for a change in excess of at least this fraction (area growth and escalation always version).</summary>
    [Range(0, 10)] public double UpdateMinGrowth { get; set; } = 0.25;

    /// <summary>At most one version per alert in this time, except for area growth and escalation.</summary>
    public TimeSpan MinVersionInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Most municipalities an alert's area grows to.</summary>
    [Range(1, 10_000)] public int MaxAreaMunicipalities { get; set; } = 50;

    /// <summary>How far a municipality reaches around its centroid, when an area is drawn as a circle.</summary>
    [Range(0, 500)] public double MunicipalityRadiusKm { get; set; } = 10;

    /// <summary>Most evidence hemograms kept per alert.</summary>
    [Range(1, 100_000)] public int MaxEvidence { get; set; } = 1000;

    /// <summary>How often the decider re-reads all counters (in between, only the rows changed since its last read).</summary>
    public TimeSpan HistoryRefresh { get; set; } = TimeSpan.FromHours(1);
}
