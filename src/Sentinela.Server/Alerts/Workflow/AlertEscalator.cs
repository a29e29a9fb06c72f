using Microsoft.Extensions.Options;
using Sentinela.Server.Audit;
using Sentinela.Server.Identity;
using Sentinela.Server.Notifications;
using Sentinela.Server.Push.Dispatch;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Alerts.Workflow;

/// <summary>
/// On a timer, hands every active outbreak alert that nobody acknowledged within <see cref="EscalationOptions.AcknowledgeWithin"/>
/// to the state coordinators it reaches: a push through the durable push queue (the same dispatcher, providers, retries
/// and quiet hours as the alert's own push), an audit entry and a metric; then every instance's
/// <see cref="EscalationAnnouncer"/> tells its connected coordinators in real time. Safe with several instances: the push jobs are
/// queued as the alert's version 0 — real versions start at 1, so (alert, 0, device) is unique per device and a second
/// instance's enqueue adds nothing — and the escalation row is a claim that exactly one instance wins.
/// </summary>
public sealed class AlertEscalator(
    IAlertStore alerts,
    IAlertHandlingStore handlings,
    IAccountStore accounts,
    IDeviceStore devices,
    INotificationPreferencesStore preferences,
    IPushQueue queue,
    PushDispatcher dispatcher,
    AlertFootprints footprints,
    AlertWorkflowMetrics metrics,
    EscalationAnnouncer announcer,
    AuditTrail audit,
    IOptions<EscalationOptions> options,
    IOptions<PushDispatchOptions> push,
    TimeProvider time,
    ILogger<AlertEscalator> logger) : BackgroundService
{
    /// <summary>The push-job version that marks an escalation rather than an alert version.</summary>
    public const int EscalationVersion = 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        using var timer = new PeriodicTimer(o.Interval, time);
        do
        {
            try
            {
                await EscalateOverdueAsync(stoppingToken);
                await announcer.AnnounceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Escalation pass failed; trying again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: returns the alerts this instance escalated.</summary>
    public async Task<IReadOnlyList<Guid>> EscalateOverdueAsync(CancellationToken ct)
    {
        var (o, now) = (options.Value, time.GetUtcNow());
        // Outbreaks only: a feed-silence notice already goes to the managers of the silent lab or municipality.
        var overdue = (await alerts.ActiveAsync(ct))
            .Where(a => a.Type == AlertType.Outbreak && now - a.RaisedAt >= o.AcknowledgeWithin && now - a.RaisedAt <= o.MaxAlertAge).ToList();
        if (overdue.Count == 0) return [];
        var ids = overdue.Select(a => a.Id).ToList();
        var steps = await handlings.ForAlertsAsync(ids, ct);
        var escalated = await handlings.EscalationsAsync(ids, ct);
        var unacknowledged = overdue.Where(a => !steps.ContainsKey(a.Id) && !escalated.ContainsKey(a.Id)).ToList();
        if (unacknowledged.Count == 0) return [];
        var coordinators = (await accounts.ListUsersAsync(ct)).Where(u => !u.Disabled && u.Role == Role.StateCoordinator).ToList();
        var done = new List<Guid>();
        foreach (var alert in unacknowledged)
            if (await EscalateAsync(alert, coordinators, now, ct)) done.Add(alert.Id);
        return done;
    }

    async Task<bool> EscalateAsync(OutbreakAlert alert, IReadOnlyList<UserAccount> allCoordinators, DateTimeOffset now, CancellationToken ct)
    {
        var footprint = footprints.Of(alert);
        var coordinators = allCoordinators.Where(u => u.Jurisdiction.Covers(footprint)).ToList();
        var jobs = new List<PushJob>();
        // With push dispatch off (Sentinela:Push:Dispatch:Enabled) nothing would ever send the jobs: queue none.
        var pushTo = push.Value.Enabled ? await devices.ForUsersAsync(coordinators.Select(u => u.Id).ToList(), ct) : [];
        var pushAt = new Dictionary<Guid, DateTimeOffset>();
        foreach (var device in pushTo)
        {
            // Escalation is a duty, so event-type and severity filters do not apply; quiet hours and digests still do.
            // Read once per coordinator, not per device.
            if (!pushAt.TryGetValue(device.UserId, out var at))
                pushAt[device.UserId] = at = (await preferences.GetAsync(device.UserId, ct) ?? NotificationPreferences.Default).PushTime(alert, now);
            jobs.Add(new PushJob(alert.Id, EscalationVersion, device.UserId, device.DeviceId, PushText.Priority(alert),
                $"Alerta sem confirmação — {alert.Area.PortugueseName}", alert.Headline, CheckAck: false, at));
        }
        // Queue first, claim second: a crash between the two leaves the claim open, and the next pass's enqueue is a no-op.
        // Cursor 0: the enqueuer's alert-log position only moves forward, so this leaves it alone.
        if (jobs.Count > 0 && await queue.EnqueueAsync(jobs, throughSequence: 0, ct) > 0) dispatcher.Wake();
        if (!await handlings.TryClaimEscalationAsync(new AlertEscalation(alert.Id, alert.Version, now, coordinators.Count), ct)) return false;
        metrics.Escalated(alert);
        audit.Record(AuditActions.AlertEscalated, actor: null, actorRole: null, ip: null, alert.Id.ToString(),
            $"unacknowledged for {(now - alert.RaisedAt).TotalMinutes:F0} min; {coordinators.Count} coordinators, {jobs.Count} devices");
        logger.LogWarning("Alert {AlertId} unacknowledged for {Minutes:F0} min: escalated to {Coordinators} state coordinators ({Devices} devices)",
            alert.Id, (now - alert.RaisedAt).TotalMinutes, coordinators.Count, jobs.Count);
        return true;
    }
}
