using System.Diagnostics.Metrics;

namespace Sentinela.Server.Push;

/// <summary>
/// Push on this instance: jobs queued, notifications a provider accepted or refused (per provider and outcome), the
/// durable queue's depth (read by <see cref="Dispatch.PushQueueGauge"/>) and each provider's breaker state
/// (0 closed, 1 half-open, 2 open).
/// </summary>
public sealed class PushMetrics
{
    readonly Counter<long> _enqueued;
    readonly Counter<long> _sent;
    readonly Counter<long> _failed;
    long _queueDepth = -1;

    public PushMetrics(IMeterFactory meters, PushRouter router)
    {
        var meter = meters.Create(PushTracing.Name);
        _enqueued = meter.CreateCounter<long>("sentinela.push.enqueued", "{job}", "Push jobs queued (one per alert version and device).");
        _sent = meter.CreateCounter<long>("sentinela.push.sent", "{notification}", "Notifications a provider accepted.");
        _failed = meter.CreateCounter<long>("sentinela.push.failed", "{notification}",
            "Notifications a provider did not accept: retryable, dead_token or failed.");
        meter.CreateObservableGauge("sentinela.push.queue.depth", QueueDepth, "{job}", "Push jobs waiting or in flight in the durable queue.");
        meter.CreateObservableGauge("sentinela.push.breaker.state",
            () => router.BreakerStates.Select(b => new Measurement<int>(StateValue(b.Value), new KeyValuePair<string, object?>("provider", Provider(b.Key)))),
            description: "Each provider's circuit breaker: 0 closed, 1 half-open, 2 open.");
    }

    public static string Provider(PushTokenKind kind) => kind.ToString().ToLowerInvariant();

    public void Enqueued(int jobs) => _enqueued.Add(jobs);

    public void Sent(PushTokenKind provider) => _sent.Add(1, new KeyValuePair<string, object?>("provider", Provider(provider)));

    public void Failed(PushTokenKind provider, PushOutcomeKind outcome) =>
        _failed.Add(1, new("provider", Provider(provider)), new("outcome", outcome switch
        {
            PushOutcomeKind.Retryable => "retryable",
            PushOutcomeKind.DeadToken => "dead_token",
            _ => "failed",
        }));

    public void QueueDepth(int depth) => Volatile.Write(ref _queueDepth, depth);

    /// <summary>Nothing until the first reading, rather than a made-up zero.</summary>
    IEnumerable<Measurement<long>> QueueDepth() =>
        Volatile.Read(ref _queueDepth) is >= 0 and var depth ? [new Measurement<long>(depth)] : [];

    static int StateValue(BreakerState state) => state switch
    {
        BreakerState.Closed => 0,
        BreakerState.HalfOpen => 1,
        _ => 2,
    };
}
