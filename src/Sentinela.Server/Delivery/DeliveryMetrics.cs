using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Real-time delivery on this instance: open connections per transport, alert events sent / acknowledged / resent /
/// failed, and the headline latency, from the hemogram's arrival to the client's ack of the alert it caused.
/// Per instance because Prometheus scrapes each instance (its <c>instance</c> label).
/// </summary>
public sealed class DeliveryMetrics
{
    static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    readonly UpDownCounter<long> _connections;
    readonly Counter<long> _deliveries;
    readonly Histogram<double> _latency;
    readonly Counter<long> _reconnectRequests;
    readonly ConcurrentDictionary<string, int> _byTransport = new();

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(DeliveryTracing.Name);
        _connections = meter.CreateUpDownCounter<long>("sentinela.realtime.connections", "{connection}",
            "Real-time connections open on this instance, by transport.");
        _deliveries = meter.CreateCounter<long>("sentinela.alert.deliveries", "{event}",
            "Alert events to connections: sent (first send), acked, retried (resent after the ack timeout), failed; coalesced counts versions superseded within a fan-out tick.");
        _latency = meter.CreateHistogram<double>(LatencyName, "s",
            "From the hemogram's arrival to the client's ack of the alert version it caused (first acks only).",
            advice: new() { HistogramBucketBoundaries = LatencyBuckets });
        _reconnectRequests = meter.CreateCounter<long>("sentinela.realtime.reconnect_requests", "{connection}",
            "Connections this instance closed on purpose after asking the client to reconnect, by reason (draining, rebalancing).");
    }

    /// <summary>The latency histogram's instrument name, for in-process readers (the realtime summary).</summary>
    public const string LatencyName = "sentinela.alert.delivery.latency";

    /// <summary>Open connections per transport, for the realtime summary.</summary>
    public IReadOnlyDictionary<string, int> ConnectionsByTransport => _byTransport.Where(t => t.Value > 0).ToDictionary();

    public void Connected(string transport)
    {
        _byTransport.AddOrUpdate(transport, 1, (_, n) => n + 1);
        _connections.Add(1, new KeyValuePair<string, object?>("transport", transport));
    }

    public void Disconnected(string transport)
    {
        _byTransport.AddOrUpdate(transport, 0, (_, n) => n - 1);
        _connections.Add(-1, new KeyValuePair<string, object?>("transport", transport));
    }

    /// <summary>One fan-out send reached this many connections.</summary>
    public void Sent(int connections) => _deliveries.Add(connections, new KeyValuePair<string, object?>("outcome", "sent"));

    /// <summary>Versions a fan-out tick did not send because a newer version of the same alert went to the same connections.</summary>
    public void Coalesced(int versions) => _deliveries.Add(versions, new KeyValuePair<string, object?>("outcome", "coalesced"));

    public void Retried() => Outcome("retried");

    public void Failed() => Outcome("failed");

    public void Acked(TimeSpan? sinceCause)
    {
        Outcome("acked");
        if (sinceCause is { } latency) _latency.Record(Math.Max(0, latency.TotalSeconds));
    }

    public void ReconnectRequested(string reason) => _reconnectRequests.Add(1, new KeyValuePair<string, object?>("reason", reason));

    void Outcome(string outcome) => _deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
