namespace Sentinela.Server.Observability;

/// <summary>
/// GET /api/metrics/realtime: this instance over the last minute.
/// </summary>
/// <param name="ConnectionsByTransport">Open real-time connections per SignalR transport.</param>
/// <param name="AverageRequestLatencyMs">Null when no request finished in the last minute.</param>
/// <param name="AlertListCacheHitRate">
/// Share of alert-list requests answered 304 Not Modified (the client's cached list, by ETag, was current): Sentinela's
/// one cache is the clients'; null when the list was not asked for in the last minute.
/// </param>
/// <param name="AverageDeliveryLatencyMs">Hemogram received → client ack; null when nothing was acknowledged in the last minute.</param>
public sealed record RealtimeSummary(
    int ActiveConnections,
    IReadOnlyDictionary<string, int> ConnectionsByTransport,
    long RequestsPerMinute,
    double? AverageRequestLatencyMs,
    double? AlertListCacheHitRate,
    long AlertsAckedPerMinute,
    double? AverageDeliveryLatencyMs,
    int PendingAcks);
