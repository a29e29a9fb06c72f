using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sentinela.Server.Draining;

/// <summary>Unhealthy from SIGTERM on: the readiness probe is how the balancer learns to stop sending work here.</summary>
public sealed class DrainHealthCheck(DrainState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct) =>
        Task.FromResult(state.IsDraining
            ? HealthCheckResult.Unhealthy("Draining: this instance is stopping.")
            : HealthCheckResult.Healthy("Serving."));
}
