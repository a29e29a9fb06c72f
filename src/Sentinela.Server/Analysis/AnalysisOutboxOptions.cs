using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Analysis;

/// <summary>Sentinela:Analysis:Outbox — how the analysis outbox is applied to the counters, and how long counters are kept.</summary>
public sealed class AnalysisOutboxOptions
{
    public const string Section = "Sentinela:Analysis:Outbox";

    /// <summary>Outbox entries applied per transaction.</summary>
    [Range(1, 100_000)] public int BatchSize { get; set; } = 2000;

    /// <summary>How often an idle worker looks for entries other instances' hemograms queued (its own wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Municipality-day counters older than this are deleted (baselines need 8 weeks; a year serves seasonal methods).</summary>
    [Range(70, 3650)] public int CountRetentionDays { get; set; } = 400;

    /// <summary>Laboratory-hour counters older than this are deleted (feed silence compares with the same weekday of past weeks).</summary>
    [Range(8, 365)] public int LabHourRetentionDays { get; set; } = 35;

    /// <summary>/health/ready reports Degraded while more entries than this wait (analysis is behind; nothing is lost).</summary>
    [Range(1, 100_000_000)] public long DegradedBacklog { get; set; } = 50_000;
}
