namespace Sentinela.Client;

/// <summary>
/// One version of an alert as the server sends it: an outbreak of a condition (parameter + direction), or a notice that a
/// data feed went quiet (no condition). Versions share <see cref="Id"/>; each has its own global
/// <see cref="Sequence"/>. Unknown fields are ignored, missing ones keep their defaults, so newer servers stay readable.
/// </summary>
public sealed record OutbreakAlert
{
    public Guid Id { get; init; }
    public int Version { get; init; }
    public long Sequence { get; init; }
    public AlertType Type { get; init; }
    public AlertStatus Status { get; init; }
    public DetectorKind Detector { get; init; }
    public HemogramParameter? Parameter { get; init; }
    public Direction? Direction { get; init; }
    public AlertSeverity Severity { get; init; }
    public AlertArea Area { get; init; } = new();
    public AlertStatistics Statistics { get; init; } = new();
    public DateTimeOffset RaisedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public IReadOnlyList<string> ReportingLabs { get; init; } = [];
    /// <summary>How many hemograms the server keeps as evidence (served with the alert's details over REST).</summary>
    public int EvidenceCount { get; init; }
    /// <summary>Short user-facing summary, Brazilian Portuguese, with the statistics' numbers.</summary>
    public string Headline { get; init; } = "";
    /// <summary>What the health team should do, Brazilian Portuguese.</summary>
    public string SuggestedAction { get; init; } = "";
}
