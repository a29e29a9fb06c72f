using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Sentinela.Server.Analysis.Decisions;

namespace Sentinela.Server.Analysis;

/// <summary>
/// Degraded while the analysis outbox holds more than DegradedBacklog entries (as this instance's worker last measured):
/// the hemograms are stored and will be counted, but decisions lag behind. Never Unhealthy — a backlog must not take an
/// instance out of the balancer, since storing is what laboratories need from it.
/// </summary>
public sealed class AnalysisHealthCheck(AnalysisMetrics metrics, OutbreakDecider decider, IOptions<AnalysisOutboxOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        var backlog = metrics.LastBacklog;
        var decided = decider.LastDecisionAt is { } at ? $"last decision {at:u}" : "no decision yet";
        return Task.FromResult(backlog > options.Value.DegradedBacklog
            ? HealthCheckResult.Degraded($"{backlog} hemograms waiting to be counted; {decided}")
            : HealthCheckResult.Healthy($"{backlog} waiting; {decided}"));
    }
}
