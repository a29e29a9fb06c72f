using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Push.Dispatch;

/// <summary>
/// Ready while the dispatcher's workers run (or it is switched off). Degraded, not unhealthy, while a provider's breaker
/// is open: alerts still reach clients in real time, and the queue keeps the pushes for later.
/// </summary>
public sealed class PushDispatcherHealthCheck(PushDispatcher dispatcher, PushRouter router, IOptions<PushDispatchOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        if (!options.Value.Enabled) return Task.FromResult(HealthCheckResult.Healthy("push dispatch disabled"));
        if (dispatcher.ExecuteTask is not { IsCompleted: false })
            return Task.FromResult(HealthCheckResult.Unhealthy("The push dispatcher is not running."));
        var breakers = router.BreakerStates.ToDictionary(b => PushMetrics.Provider(b.Key), b => (object)b.Value.ToString());
        var open = breakers.Where(b => (string)b.Value == nameof(BreakerState.Open)).Select(b => b.Key).ToList();
        return Task.FromResult(open.Count > 0
            ? HealthCheckResult.Degraded($"Breaker open: {string.Join(", ", open)}", data: breakers)
            : HealthCheckResult.Healthy(data: breakers));
    }
}
