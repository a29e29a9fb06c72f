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

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Health_probes_answer_GET_and_HEAD_only(string method)
    {
        using var anonymous = Factory.CreateAnonymousClient();
        foreach (var path in new[] { "/health/live", "/health/ready", "/health/realtime" })
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, path))).StatusCode);
        }
    }

    [Fact]
    public async Task HSTS_is_sent_when_a_trusted_proxy_says_the_request_came_over_HTTPS()
    {
        // Real sockets: the proxy's address must be known (loopback is trusted).
        await using var server = new RealtimeServer();
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        HttpRequestMessage Request(string? proto)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { Host = "sentinela.saude.example" } };
            if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
            return request;
        }

        var viaTls = await anonymous.SendAsync(Request("https"));
        var plain = await anonymous.SendAsync(Request(null));

        Assert.StartsWith("max-age=31536000", viaTls.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    static async Task<JsonElement> ReadAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
