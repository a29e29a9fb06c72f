using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Sentinela.Server.Limits;
using Sentinela.Server.Observability;

namespace Sentinela.Server.Delivery;

/// <summary>
/// For load balancers choosing where new real-time clients go: degraded when this instance is near its connection cap,
/// its alerts take too long to be acknowledged (average over the last minute) or its delivery receipts pile up unwritten;
/// never unhealthy, since existing connections are still served.
/// </summary>
public sealed class RealtimeDeliveryHealthCheck(
    ConnectionRegistry registry, AckTracker acks, DeliveryLedger ledger, RealtimeStatistics statistics, IOptions<LimitsOptions> limits,
    IOptions<ObservabilityOptions> options)
    : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        var o = options.Value.Realtime;
        var capacity = limits.Value.ConnectionsPerInstance;
        var (acked, latency) = statistics.Deliveries;
        var nearCapacity = registry.Count >= capacity * o.DegradedConnectionShare;
        var slow = latency > o.DegradedDeliveryLatency;
        var backlog = ledger.Backlog;
        var receiptsBehind = backlog > o.DegradedReceiptBacklog;
        var data = new Dictionary<string, object>
        {
            ["connections"] = registry.Count,
            ["capacity"] = capacity,
            ["pendingAcks"] = acks.PendingCount,
            ["receiptBacklog"] = backlog,
            ["ackedLastMinute"] = acked,
            ["averageDeliveryLatencyMs"] = latency?.TotalMilliseconds ?? 0,
            ["nearCapacity"] = nearCapacity,
            ["deliveryLatencyHigh"] = slow,
            ["receiptsBehind"] = receiptsBehind,
        };
        var reasons = new[]
        {
            nearCapacity ? "near its connection capacity" : null,
            slow ? "alert delivery latency high" : null,
            receiptsBehind ? $"{backlog} delivery receipts waiting to be written" : null,
        }.OfType<string>().ToList();
        return Task.FromResult(reasons.Count > 0
            ? HealthCheckResult.Degraded(string.Join("; ", reasons), data: data)
            : HealthCheckResult.Healthy(data: data));
    }
}
