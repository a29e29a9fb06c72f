using Microsoft.Extensions.Options;
using Sentinela.Server.Alerts;
using Sentinela.Server.Delivery;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Notifications;
using Sentinela.Server.Observability;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Push.Dispatch;

/// <summary>
/// Turns raised and escalated alert versions into push jobs for the devices of every manager whose jurisdiction the
/// alert reaches. Jobs and the log position they cover are written in one transaction, and at start-up the log is
/// read from that position, so an alert logged just before a crash still gets its pushes.
/// </summary>
public sealed class PushEnqueuer(
    IAlertBus bus,
    IAlertStore alerts,
    IAccountStore accounts,
    IDeviceStore devices,
    INotificationPreferencesStore preferences,
    IPushQueue queue,
    PushDispatcher dispatcher,
    AlertFootprints footprints,
    IPresence presence,
    PushMetrics metrics,
    IOptions<PushDispatchOptions> options,
    TimeProvider time,
    ILogger<PushEnqueuer> logger) : IHostedService
{
    const int CatchUpBatch = 1000;
    readonly SemaphoreSlim _gate = new(1, 1);
    IDisposable? _subscription;

    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled) return;
        _subscription = bus.Subscribe((published, ct) => EnqueueAsync(published.Alert, ct));
        // Catch up on what was logged while no enqueuer ran.
        var missed = await alerts.EventsAfterAsync(await queue.CursorAsync(ct), int.MaxValue, ct);
        foreach (var alert in missed) await EnqueueAsync(alert, ct);
    }

    public Task StopAsync(CancellationToken ct)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    async ValueTask EnqueueAsync(OutbreakAlert alert, CancellationToken ct)
    {
        using var span = PushTracing.Source.StartChildActivity("push.enqueue");
        await _gate.WaitAsync(ct);
        try
        {
            var cursor = await queue.CursorAsync(ct);
            if (alert.Sequence <= cursor) return;
            // Versions logged after the cursor whose enqueue failed (the database was down) come first: moving the cursor
            // past them would lose their pushes until the next restart.
            var missed = alert.Sequence == cursor + 1 ? []
                : (await alerts.EventsAfterAsync(cursor, CatchUpBatch, ct)).Where(a => a.Sequence < alert.Sequence);
            var added = 0;
            // The enqueue span sits in the alert's trace; the send, later and from the queue, links back to it.
            foreach (var next in missed.Append(alert)) added += await EnqueueOneAsync(next, span?.Id, ct);
            span?.SetTag("sentinela.push.jobs", added);
            if (added > 0) dispatcher.Wake();
        }
        finally
        {
            _gate.Release();
        }
    }

    async Task<int> EnqueueOneAsync(OutbreakAlert alert, string? traceParent, CancellationToken ct)
    {
        var added = await queue.EnqueueAsync(await JobsForAsync(alert, traceParent, ct), alert.Sequence, ct);
        metrics.Enqueued(added);
        if (added > 0) logger.LogInformation("Queued {Count} pushes for alert {AlertId} v{Version}", added, alert.Id, alert.Version);
        return added;
    }

    async Task<IReadOnlyList<PushJob>> JobsForAsync(OutbreakAlert alert, string? traceParent, CancellationToken ct)
    {
        var escalated = alert.Version > 1 && alert.Status == AlertStatus.Active
            && (await alerts.HistoryAsync(alert.Id, ct)).FirstOrDefault(v => v.Version == alert.Version - 1) is { } previous
            && alert.Severity > previous.Severity;
        if (alert.Version > 1 && !escalated) return [];
        var now = time.GetUtcNow();
        var o = options.Value;
        // Catching up after downtime: news that old is no longer worth waking anyone for.
        if (now - alert.UpdatedAt > o.MaxAlertAge) return [];

        var footprint = footprints.Of(alert);
        var eventType = escalated ? AlertEvent.Updated : AlertEvent.Raised;
        var audience = new Dictionary<Guid, DateTimeOffset>();
        foreach (var user in (await accounts.ListUsersAsync(ct)).Where(u => !u.Disabled && u.Role != Role.Laboratory && u.Jurisdiction.Covers(footprint)))
        {
            var wanted = await preferences.GetAsync(user.Id, ct) ?? NotificationPreferences.Default;
            if (wanted.Wants(alert, eventType)) audience[user.Id] = wanted.PushTime(alert, now);
        }
        // OnMissingAck: a user connected now (on any instance) gets the real-time retry window to acknowledge first; others get the push at once.
        var connected = new HashSet<Guid>();
        if (o.Policy == DeliveryPolicy.OnMissingAck)
            foreach (var user in audience.Keys)
                if (await presence.ConnectionsOfAsync(user.ToString(), ct) > 0) connected.Add(user);
        return (await devices.ForUsersAsync(audience.Keys, ct)).Select(d =>
        {
            var waitForAck = connected.Contains(d.UserId);
            var due = audience[d.UserId];
            return new PushJob(alert.Id, alert.Version, d.UserId, d.DeviceId, PushText.Priority(alert), PushText.Title(alert, escalated),
                alert.Headline, waitForAck, waitForAck && due < now + o.AckWindow ? now + o.AckWindow : due, TraceParent: traceParent);
        }).ToList();
    }
}
