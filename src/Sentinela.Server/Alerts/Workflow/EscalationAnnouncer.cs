using Microsoft.AspNetCore.SignalR;
using Sentinela.Server.Delivery;
using Sentinela.Server.Identity;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Alerts.Workflow;

/// <summary>
/// Tells this instance's connected state coordinators about escalations, whichever instance claimed them: after every
/// escalation pass each instance reads the escalations recorded since it last looked and sends the hub's "escalated"
/// event to its own connections the alert reaches — recorded once in the database, fanned out locally, as alerts are.
/// </summary>
public sealed class EscalationAnnouncer(IAlertHandlingStore handlings, IAlertStore alerts, AlertFootprints footprints,
    ConnectionRegistry registry, IHubContext<AlertHub> hub, TimeProvider time)
{
    // Another instance's claim may commit after a later-stamped one was read: read this far back and skip what was sent.
    static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);
    // Escalations from before this instance started are old news to anyone connecting now.
    readonly DateTimeOffset _started = time.GetUtcNow();
    readonly Dictionary<Guid, DateTimeOffset> _sent = [];

    /// <summary>Returns how many connections were told.</summary>
    public async Task<int> AnnounceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var after = now - Overlap > _started ? now - Overlap : _started.AddTicks(-1);
        var told = 0;
        foreach (var escalation in await handlings.EscalationsSinceAsync(after, ct))
        {
            if (!_sent.TryAdd(escalation.AlertId, escalation.At) || await alerts.GetAsync(escalation.AlertId, ct) is not { } alert) continue;
            var footprint = footprints.Of(alert);
            var connections = registry.All
                .Where(c => c.Jurisdiction.Kind == JurisdictionKind.State && c.Jurisdiction.Covers(footprint))
                .Select(c => c.ConnectionId).ToList();
            if (connections.Count == 0) continue;
            await hub.Clients.Clients(connections).SendAsync(AlertClientMethods.Escalated, new EscalationEvent(alert.Id, escalation.AlertVersion,
                escalation.At, alert.RaisedAt, alert.Severity, alert.Area.PortugueseName, alert.Headline), ct);
            told += connections.Count;
        }
        foreach (var (id, at) in _sent.Where(s => s.Value < now - 2 * Overlap).ToList()) _sent.Remove(id);
        return told;
    }
}
