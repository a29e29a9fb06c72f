namespace Sentinela.Server.Audit;

/// <summary>
/// One entry of the audit trail: who (account id and role, client IP) did what (<see cref="AuditActions"/>) to which
/// target (an alert id, a user id), with a short machine-readable detail.
/// </summary>
public sealed record AuditEvent(
    DateTimeOffset At,
    string Action,
    string? Actor,
    string? ActorRole,
    string? Ip,
    string? Target = null,
    string? Detail = null,
    long Sequence = 0);
