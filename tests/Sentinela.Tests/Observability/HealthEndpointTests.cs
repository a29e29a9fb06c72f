using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Observability;

public sealed class HealthEndpointTests : ServerTest
{
    [Fact]
    public async Task Live_ready_and_realtime_answer_anonymously_with_their_checks()
    {
        using var anonymous = Factory.CreateAnonymousClient();

        var live = await ReadAsync(anonymous, "/health/live");
        Assert.Equal("Healthy", live.GetProperty("status").GetString());

        var ready = await ReadAsync(anonymous, "/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        foreach (var name in new[] { "storage", "bus", "push-dispatcher", "analysis" })
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());

        var realtime = await ReadAsync(anonymous, "/health/realtime");
        var delivery = realtime.GetProperty("checks").GetProperty("realtime-delivery");
        Assert.Equal("Healthy", delivery.GetProperty("status").GetString());
        Assert.Equal(0, delivery.GetProperty("data").GetProperty("connections").GetInt32());
        Assert.False(delivery.GetProperty("data").GetProperty("deliveryLatencyHigh").GetBoolean());
        Assert.Equal("closed", realtime.GetProperty("checks").GetProperty("push-dispatcher").GetProperty("data").GetProperty("expo").GetString()!.ToLowerInvariant());
    }

    [Fact]
    public async Task A_counting_backlog_over_its_limit_is_degraded_readiness_never_unhealthy()
    {
        var metrics = Factory.Services.GetRequiredService<Sentinela.Server.Analysis.AnalysisMetrics>();
        var check = new Sentinela.Server.Analysis.AnalysisHealthCheck(metrics,
            Factory.Services.GetRequiredService<Sentinela.Server.Analysis.Decisions.OutbreakDecider>(),
            Microsoft.Extensions.Options.Options.Create(new Sentinela.Server.Analysis.AnalysisOutboxOptions { DegradedBacklog = 10 }));
        var before = metrics.LastBacklog;
        try
        {
            metrics.Backlog(11);
            var degraded = await check.CheckHealthAsync(new(), default);
            metrics.Backlog(10);
            var healthy = await check.CheckHealthAsync(new(), default);

            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, degraded.Status);
            Assert.StartsWith("11 hemograms waiting to be counted", degraded.Description);
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, healthy.Status);
        }
        finally
        {
            metrics.Backlog(before);
        }
    }

    [Fact]
    public async Task The_realtime_summary_is_for_health_managers_only()
    {
        using var anonymous = Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/metrics/realtime")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/api/metrics/realtime")).StatusCode);
    }

    static async Task<JsonElement> ReadAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
