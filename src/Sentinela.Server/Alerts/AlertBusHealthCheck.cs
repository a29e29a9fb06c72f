using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sentinela.Server.Alerts;

/// <summary>Ready when the in-process bus has its subscribers (real-time fan-out at least): an alert published now reaches clients.</summary>
public sealed class AlertBusHealthCheck(IAlertBus bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct) =>
        Task.FromResult(bus switch
        {
            InProcessAlertBus { SubscriberCount: 0 } => HealthCheckResult.Unhealthy("The alert bus has no subscribers yet."),
            InProcessAlertBus b => HealthCheckResult.Healthy($"in-process, {b.SubscriberCount} subscribers"),
            _ => HealthCheckResult.Healthy(),
        });
}
