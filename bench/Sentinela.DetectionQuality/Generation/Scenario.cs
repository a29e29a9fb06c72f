namespace Sentinela.DetectionQuality.Generation;

/// <summary>
/// Everything that decides a generated scenario. The same values give the same hemograms, outbreaks and null windows,
/// byte for byte.
/// </summary>
public sealed record Scenario
{
    public int Seed { get; init; } = 14;
    public PrevalenceLevel Prevalence { get; init; } = PrevalenceLevel.Realistic;

    /// <summary>How many Minas Gerais municipalities (in clusters of a regional centre and its four nearest neighbours).</summary>
    public int Municipalities { get; init; } = 45;

    /// <summary>Weekday hemograms of the largest municipality; the others follow Zipf's law down to <see cref="MinWeekdayVolume"/>.</summary>
    public double MaxWeekdayVolume { get; init; } = 400;
    public double MinWeekdayVolume { get; init; } = 6;

    /// <summary>The first day generated (local, UTC−3), a Monday; in the past, since the server refuses future collection times.</summary>
    public DateOnly FirstDay { get; init; } = new(2025, 1, 6);

    /// <summary>Days of background only before scoring starts: baselines learn from them.</summary>
    public int HistoryDays { get; init; } = 56;

    /// <summary>Days in which outbreaks are injected and detectors scored.</summary>
    public int ScoredDays { get; init; } = 90;

    /// <summary>How many times the outbreak design (multiplier × duration × extent × volume band) is repeated.</summary>
    public int Replicates { get; init; } = 2;

    /// <summary>Municipality × condition × 7-day windows with no injected excess near them.</summary>
    public int NullWindows { get; init; } = 120;

    /// <summary>
    /// Day-to-day overdispersion: a municipality's share abnormal for a condition on a day is drawn from a Beta around its
    /// own rate with this concentration (variance p(1−p)/(c+1)): at 150, a 22 % share varies by ±3.4 points from day to
    /// day, as much as binomial sampling does at ~150 hemograms.
    /// </summary>
    public double DailyConcentration { get; init; } = 150;

    /// <summary>How much municipalities' own rates vary around the condition's (log-normal sd).</summary>
    public double MunicipalitySpread { get; init; } = 0.25;

    public DateOnly FirstScoredDay => FirstDay.AddDays(HistoryDays);
    public int TotalDays => HistoryDays + ScoredDays;
}
