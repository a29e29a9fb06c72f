using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sentinela.Server.Delivery;
using Sentinela.Server.Limits;
using Sentinela.Server.Observability;
using Sentinela.Server.Storage;
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
        foreach (var name in new[] { "drain", "bus", "push-dispatcher", "analysis" })
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        // Readiness is this instance's own state; what it depends on is reported apart.
        Assert.False(checks.TryGetProperty("storage", out _));
        var dependencies = await ReadAsync(anonymous, "/health/dependencies");
        Assert.Equal("Healthy", dependencies.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());

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
    public async Task Delivery_receipts_piling_up_unwritten_make_realtime_delivery_degraded_never_unhealthy()
    {
        var services = Factory.Services;
        // A ledger over the server's own store that is never started: what it records stays queued, as when storage lags.
        var ledger = new DeliveryLedger(services.GetRequiredService<IDeliveryStore>(), NullLogger<DeliveryLedger>.Instance);
        var options = Options.Create(new ObservabilityOptions { Realtime = { DegradedReceiptBacklog = 10 } });
        var check = new RealtimeDeliveryHealthCheck(services.GetRequiredService<ConnectionRegistry>(), services.GetRequiredService<AckTracker>(),
            ledger, services.GetRequiredService<RealtimeStatistics>(), services.GetRequiredService<IOptions<LimitsOptions>>(), options);
        void Record(int count)
        {
            for (var i = 0; i < count; i++)
                ledger.Record(new DeliveryRecord(Guid.NewGuid(), 1, i, "user", "connection", DeliveryStatus.Acked, 1, DateTimeOffset.UtcNow));
        }

        Record(10);
        var atLimit = await check.CheckHealthAsync(new(), default);
        Record(1);
        var over = await check.CheckHealthAsync(new(), default);

        Assert.Equal(HealthStatus.Healthy, atLimit.Status);
        Assert.Equal(10, atLimit.Data["receiptBacklog"]);
        Assert.Equal(HealthStatus.Degraded, over.Status);
        Assert.Equal("11 delivery receipts waiting to be written", over.Description);
        Assert.Equal(true, over.Data["receiptsBehind"]);
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
        foreach (var path in new[] { "/health/live", "/health/ready", "/health/dependencies", "/health/realtime" })
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
