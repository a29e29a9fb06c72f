using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sentinela.Server.Alerts;

/// <summary>Ready when the bus has its subscribers (real-time fan-out at least): an alert published now reaches clients.</summary>
public sealed class AlertBusHealthCheck(IAlertBus bus, AlertSubscribers subscribers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct) =>
        Task.FromResult(subscribers.Count == 0
            ? HealthCheckResult.Unhealthy("The alert bus has no subscribers yet.")
            : HealthCheckResult.Healthy($"{(bus is InProcessAlertBus ? "in-process" : "cross-instance")}, {subscribers.Count} subscribers"));
}
