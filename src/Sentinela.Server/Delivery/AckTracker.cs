using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Every alert event sent to a connection waits for its ack. Unacknowledged after AckTimeout, it is sent again (Attempt + 1),
/// up to MaxRetries times; then, or when the connection closes first, it is recorded as failed.
/// </summary>
public sealed class AckTracker(
    IHubContext<AlertHub> hub, DeliveryLedger ledger, DeliveryMetrics metrics, IOptions<DeliveryOptions> options, TimeProvider clock,
    ILogger<AckTracker> logger)
    : BackgroundService
{
    sealed class Pending(ConnectionState connection, AlertEvent e, DateTimeOffset deliveredAt, DateTimeOffset dueAt, DateTimeOffset? causeReceivedAt)
    {
        public ConnectionState Connection => connection;
        public DateTimeOffset? CauseReceivedAt => causeReceivedAt;
        public AlertEvent Event { get; set; } = e;
        public DateTimeOffset DeliveredAt => deliveredAt;
        public DateTimeOffset DueAt { get; set; } = dueAt;
    }

    readonly ConcurrentDictionary<(string Connection, Guid Alert, int Version), Pending> _pending = new();

    public int PendingCount => _pending.Count;

    /// <param name="causeReceivedAt">When the hemogram behind a live event arrived (null for replays): acks are timed from it.</param>
    public void Delivered(ConnectionState connection, AlertEvent e, DateTimeOffset? causeReceivedAt = null)
    {
        var now = clock.GetUtcNow();
        _pending[(connection.ConnectionId, e.Alert.Id, e.Alert.Version)] = new Pending(connection, e, now, now + options.Value.AckTimeout, causeReceivedAt);
        ledger.Record(Outcome(connection, e, DeliveryStatus.Delivered, now));
        metrics.Sent();
    }

    public void Acked(ConnectionState connection, Guid alertId, int version)
    {
        if (!_pending.TryRemove((connection.ConnectionId, alertId, version), out var p)) return;
        var now = clock.GetUtcNow();
        ledger.Record(Outcome(connection, p.Event, DeliveryStatus.Acked, p.DeliveredAt) with { AckedAt = now });
        metrics.Acked(now - p.CauseReceivedAt);
    }

    public void Closed(string connectionId)
    {
        foreach (var key in _pending.Keys.Where(k => k.Connection == connectionId).ToList())
            if (_pending.TryRemove(key, out var p)) Fail(p, "connection closed before acknowledging");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(options.Value.AckTimeout.Ticks / 5, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));
        using var timer = new PeriodicTimer(period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            foreach (var (key, p) in _pending.Where(kv => kv.Value.DueAt <= now).ToList())
            {
                if (p.Event.Attempt > options.Value.MaxRetries)
                {
                    if (_pending.TryRemove(key, out _)) Fail(p, $"not acknowledged after {p.Event.Attempt} attempts");
                    continue;
                }
                p.Event = p.Event with { Attempt = p.Event.Attempt + 1 };
                metrics.Retried();
                p.DueAt = now + options.Value.AckTimeout;
                try
                {
                    await hub.Clients.Client(p.Connection.ConnectionId).SendAsync(AlertClientMethods.Alert, p.Event);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Resend of alert {AlertId} v{Version} failed", p.Event.Alert.Id, p.Event.Alert.Version);
                }
            }
        }
    }

    void Fail(Pending p, string reason)
    {
        metrics.Failed();
        ledger.Record(Outcome(p.Connection, p.Event, DeliveryStatus.Failed, p.DeliveredAt) with { FailedAt = clock.GetUtcNow(), FailureReason = reason });
    }

    static DeliveryRecord Outcome(ConnectionState c, AlertEvent e, DeliveryStatus status, DateTimeOffset deliveredAt) =>
        new(e.Alert.Id, e.Alert.Version, e.Sequence, c.Recipient, c.ConnectionId, status, e.Attempt, deliveredAt);
}
