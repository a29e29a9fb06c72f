namespace Sentinela.Server.Alerts.Workflow;

/// <summary>
/// The hub's "escalated" event: an alert nobody acknowledged within the configured time, sent to the connected state
/// coordinators it reaches (live only; not replayed on resume — the alert's details keep <c>clock.escalatedAt</c>).
/// </summary>
public sealed record EscalationEvent(Guid AlertId, int AlertVersion, DateTimeOffset EscalatedAt, DateTimeOffset RaisedAt, AlertSeverity Severity,
    string Area, string Headline);
