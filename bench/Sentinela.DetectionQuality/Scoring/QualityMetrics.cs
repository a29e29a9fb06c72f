namespace Sentinela.DetectionQuality.Scoring;

/// <summary>One detector's scores on one scenario (definitions in <see cref="DetectionScorer"/> and docs/DETECTION.md).</summary>
public sealed record QualityMetrics
{
    public required Rate Sensitivity { get; init; }

    /// <summary>The goal stratum at realistic prevalence: ×2 or more, 7 days or longer, ≥ 50 hemograms a weekday in the outbreak's municipalities.</summary>
    public required Rate GoalStratum { get; init; }

    /// <summary>The goal stratum at low prevalence: ×3, 7 days or longer, ≥ 50 hemograms a weekday.</summary>
    public required Rate StrongStratum { get; init; }

    public required IReadOnlyList<(string Stratum, string Level, Rate Rate)> Strata { get; init; }
    public required Rate NullWindowHits { get; init; }
    public required double? MedianDaysToDetection { get; init; }
    public required double? P90DaysToDetection { get; init; }
    public required double? GoalMedianDaysToDetection { get; init; }
    public required int FalseAlarms { get; init; }
    public required double FalseAlarmsPerMunicipalityYear { get; init; }
    public required int Alerts { get; init; }
    public required double AlertsPerDay { get; init; }
    public required double VersionsPerAlert { get; init; }

    /// <summary>Share of quiet (municipality, condition, day) cells with an alert of that condition over the municipality.</summary>
    public required double QuietCellsUnderAlert { get; init; }

    /// <summary>Share of quiet (municipality, day) cells — no outbreak of any condition — with any alert over the municipality.</summary>
    public required double QuietMunicipalityDaysUnderAlert { get; init; }
}
