using System.Runtime.Serialization;
using System.Text.Json.Serialization;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Alerts;

/// <summary>
/// One version of an alert. Versions share <see cref="Id"/>; each has its own global <see cref="Sequence"/> from the alert
/// log, so clients resume by sequence and deduplicate by (Id, Version). An outbreak names its condition
/// (<see cref="Parameter"/> + <see cref="Direction"/>); a feed-silence notice names none.
/// </summary>
public sealed record OutbreakAlert
{
    public required Guid Id { get; init; }
    public required int Version { get; init; }
    public long Sequence { get; init; }
    public AlertType Type { get; init; } = AlertType.Outbreak;
    public required AlertStatus Status { get; init; }
    public required DetectorKind Detector { get; init; }
    public HemogramParameter? Parameter { get; init; }
    public Direction? Direction { get; init; }
    public required AlertSeverity Severity { get; init; }
    public required AlertArea Area { get; init; }
    public required AlertStatistics Statistics { get; init; }
    public required DateTimeOffset RaisedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    /// <summary>The laboratory (feed silence), or the laboratories that reported the evidence.</summary>
    public required IReadOnlyList<string> ReportingLabs { get; init; }
    /// <summary>How many hemograms are kept as evidence (their ids are served with the alert's details).</summary>
    public required int EvidenceCount { get; init; }
    /// <summary>Short user-facing summary, Brazilian Portuguese, with the statistics' numbers.</summary>
    public required string Headline { get; init; }
    /// <summary>What the health team should do, Brazilian Portuguese.</summary>
    public required string SuggestedAction { get; init; }

    /// <summary>The condition of an outbreak; null for a feed-silence notice.</summary>
    [JsonIgnore, IgnoreDataMember]
    public Condition? Condition => Parameter is { } p && Direction is { } d ? new Condition(p, d) : null;
}
