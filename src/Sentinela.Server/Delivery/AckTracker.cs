using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Acks and retries by watermark. Each connection keeps its own <see cref="PendingDeliveries"/>; a client acknowledges
/// the highest sequence it processed, which settles everything sent to it up to there. An event still unacknowledged
/// after the ack timeout is sent again (Attempt + 1), up to MaxRetries times; then, or when the connection closes first,
/// it is recorded failed. The timeout adapts to the acks' observed latency (smoothed mean + 4 deviations, never below
/// AckTimeout nor above MaxAckTimeout), so a busy fan-out is not mistaken for lost clients. Receipts (acked and failed
/// outcomes) go to the <see cref="DeliveryLedger"/>, which writes them in bulk off the hot path.
/// </summary>
public sealed class AckTracker(
    ConnectionRegistry registry, IHubContext<AlertHub> hub, DeliveryLedger ledger, DeliveryMetrics metrics, IOptions<DeliveryOptions> options,
    TimeProvider clock, ILogger<AckTracker> logger)
    : BackgroundService
{
    // Acks on one connection run one at a time, different connections' in parallel: a reusable list per thread.
    [ThreadStatic] static List<PendingDeliveries.Entry>? _acked;

    readonly Lock _latencyGate = new();
    // Smoothed ack latency and its mean deviation, in Stopwatch ticks (Jacobson/Karels, as TCP's RTO).
    double _meanTicks;
    double _deviationTicks;
    bool _measured;
    int _pending;

    public int PendingCount => Volatile.Read(ref _pending);

    /// <summary>The current wait before a resend.</summary>
    public TimeSpan AckTimeout => Stopwatch.GetElapsedTime(0, TimeoutTicks());

    /// <summary>Records one event sent to many connections (one fan-out send).</summary>
    /// <param name="causeReceivedAt">When the hemogram behind a live event arrived (null for replays): acks are timed from it.</param>
    public void Delivered(IReadOnlyList<ConnectionState> connections, AlertEvent e, DateTimeOffset? causeReceivedAt = null)
    {
        var sentAt = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        foreach (var connection in connections) Track(connection, e, sentAt, now, causeReceivedAt);
        metrics.Sent(connections.Count);
    }

    public void Delivered(ConnectionState connection, AlertEvent e)
    {
        Track(connection, e, Stopwatch.GetTimestamp(), clock.GetUtcNow(), null);
        metrics.Sent(1);
    }

    void Track(ConnectionState connection, AlertEvent e, long sentAt, DateTimeOffset now, DateTimeOffset? causeReceivedAt)
    {
        var before = connection.Pending.Count;
        connection.Pending.Add(e, sentAt, now, causeReceivedAt);
        Interlocked.Add(ref _pending, connection.Pending.Count - before);
    }

    /// <summary>The client processed everything up to <paramref name="sequence"/>.</summary>
    public void AckedUpTo(ConnectionState connection, long sequence)
    {
        var nowTicks = Stopwatch.GetTimestamp();
        var acked = _acked ??= [];
        acked.Clear();
        connection.Pending.AckUpTo(sequence, nowTicks, acked);
        if (acked.Count == 0) return;
        Interlocked.Add(ref _pending, -acked.Count);
        var now = clock.GetUtcNow();
        foreach (var entry in acked)
        {
            // Only first attempts time the round trip: a resend's ack may answer the first send (Karn's rule).
            if (entry.Event.Attempt == 1) Observe(nowTicks - entry.SentAt);
            ledger.Record(Outcome(connection, entry, DeliveryStatus.Acked, ackedAt: now));
            metrics.Acked(now - entry.CauseReceivedAt);
        }
        acked.Clear();
    }

    /// <summary>The connection closed: what it had not acknowledged is recorded failed. Costs its own pending events only.</summary>
    public void Closed(ConnectionState connection)
    {
        var left = connection.Pending.TakeAll();
        Interlocked.Add(ref _pending, -left.Count);
        foreach (var entry in left) Fail(connection, entry, "connection closed before acknowledging");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(options.Value.AckTimeout.Ticks / 5, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));
        using var timer = new PeriodicTimer(period, clock);
        var due = new List<PendingDeliveries.Entry>();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = Stopwatch.GetTimestamp();
            var timeout = TimeoutTicks();
            foreach (var connection in registry.All)
            {
                due.Clear();
                connection.Pending.Due(now, timeout, due);
                if (due.Count > 0) await ResendAsync(connection, due);
            }
        }
    }

    async Task ResendAsync(ConnectionState connection, List<PendingDeliveries.Entry> due)
    {
        var failed = due.Where(d => d.Event.Attempt > options.Value.MaxRetries).ToList();
        if (failed.Count > 0)
        {
            connection.Pending.Remove(failed);
            Interlocked.Add(ref _pending, -failed.Count);
            foreach (var entry in failed) Fail(connection, entry, $"not acknowledged after {entry.Event.Attempt} attempts");
        }
        foreach (var entry in due.Where(d => d.Event.Attempt <= options.Value.MaxRetries).OrderBy(d => d.Event.Sequence))
        {
            var again = entry.Event with { Attempt = entry.Event.Attempt + 1 };
            connection.Pending.Add(again, Stopwatch.GetTimestamp(), entry.DeliveredAt, entry.CauseReceivedAt);
            metrics.Retried();
            try
            {
                await hub.Clients.Client(connection.ConnectionId).SendAsync(AlertClientMethods.Alert, again);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Resend of alert {AlertId} v{Version} failed", again.Alert.Id, again.Alert.Version);
            }
        }
    }

    void Observe(long latencyTicks)
    {
        lock (_latencyGate)
        {
            if (!_measured)
            {
                (_meanTicks, _deviationTicks, _measured) = (latencyTicks, latencyTicks / 2.0, true);
                return;
            }
            _deviationTicks = 0.75 * _deviationTicks + 0.25 * Math.Abs(_meanTicks - latencyTicks);
            _meanTicks = 0.875 * _meanTicks + 0.125 * latencyTicks;
        }
    }

    long TimeoutTicks()
    {
        double adaptive;
        lock (_latencyGate) adaptive = _meanTicks + 4 * _deviationTicks;
        var min = options.Value.AckTimeout.TotalSeconds * Stopwatch.Frequency;
        var max = Math.Max(min, options.Value.MaxAckTimeout.TotalSeconds * Stopwatch.Frequency);
        return (long)Math.Clamp(adaptive, min, max);
    }

    void Fail(ConnectionState connection, PendingDeliveries.Entry entry, string reason)
    {
        metrics.Failed();
        ledger.Record(Outcome(connection, entry, DeliveryStatus.Failed, failedAt: clock.GetUtcNow(), reason: reason));
    }

    static DeliveryRecord Outcome(ConnectionState c, PendingDeliveries.Entry entry, DeliveryStatus status,
        DateTimeOffset? ackedAt = null, DateTimeOffset? failedAt = null, string? reason = null) =>
        new(entry.Event.Alert.Id, entry.Event.Alert.Version, entry.Event.Sequence, c.Recipient, c.ConnectionId, status, entry.Event.Attempt,
            entry.DeliveredAt, ackedAt, failedAt, reason);
}
