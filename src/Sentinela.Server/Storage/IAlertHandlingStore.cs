using Sentinela.Server.Alerts;
using Sentinela.Server.Alerts.Workflow;

namespace Sentinela.Server.Storage;

/// <summary>The alert workflow's steps (oldest first) and escalations.</summary>
public interface IAlertHandlingStore
{
    /// <summary>Appends a step unless the alert already has one with the same <see cref="AlertHandling.Step"/>; false then.</summary>
    Task<bool> TryAppendAsync(AlertHandling handling, CancellationToken ct);

    Task<IReadOnlyList<AlertHandling>> ForAlertAsync(Guid alertId, CancellationToken ct);

    /// <summary>The steps of several alerts (those without any are left out).</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<AlertHandling>>> ForAlertsAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken ct);

    /// <summary>Records the escalation unless the alert was escalated already: true for exactly one caller, on any instance.</summary>
    Task<bool> TryClaimEscalationAsync(AlertEscalation escalation, CancellationToken ct);

    Task<IReadOnlyDictionary<Guid, AlertEscalation>> EscalationsAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken ct);

    /// <summary>Escalations recorded after <paramref name="after"/>, oldest first: what each instance tells its own connections.</summary>
    Task<IReadOnlyList<AlertEscalation>> EscalationsSinceAsync(DateTimeOffset after, CancellationToken ct);
}
