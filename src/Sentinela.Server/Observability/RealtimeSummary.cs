namespace Sentinela.Server.Observability;

/// <summary>
/// GET /api/metrics/realtime: this instance over the last minute. There is no cache in Sentinela yet, so no hit rate.
/// </summary>
/// <param name="ConnectionsByTransport">Open real-time connections per SignalR transport.</param>
/// <param name="AverageRequestLatencyMs">Null when no request finished in the last minute.</param>
/// <param name="AverageDeliveryLatencyMs">Hemogram received → client ack; null when nothing was acknowledged in the last minute.</param>
public sealed record RealtimeSummary(
    int ActiveConnections,
    IReadOnlyDictionary<string, int> ConnectionsByTransport,
    long RequestsPerMinute,
    double? AverageRequestLatencyMs,
    long AlertsAckedPerMinute,
    double? AverageDeliveryLatencyMs,
    int PendingAcks);
