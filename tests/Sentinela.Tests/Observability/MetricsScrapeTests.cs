using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Storage;
using Sentinela.Server.Delivery;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Observability;

[Collection(ObservabilityCollection.Name)]
public sealed class MetricsScrapeTests
{
    [Fact]
    public async Task Metrics_after_an_outbreak_count_hemograms_alerts_acks_and_the_delivery_latency()
    {
        await using var server = new RealtimeServer();
        await using var probe = await server.ConnectAsync();
        await probe.WatchAsync(new WatchArea { MunicipalityCode = Outbreaks.Contagem });
        const int posted = 40;
        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http, posted);
        var lab = await LabIdAsync(server);
        var refused = await server.Http.PostAsync("/fhir/Observation", Observations.Content("""{"resourceType":"Observation","status":"final","code":{"text":"CBC"}}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        await probe.SyncAsync();
        var events = probe.Alerts.Count;
        Assert.True(events >= 1);

        // Acks travel after the events; wait until the server has taken every one.
        var metrics = await Eventually.WaitForAsync(() => PrometheusText.ScrapeAsync(server),
            m => m.Sum("sentinela_alert_delivery_latency_seconds_count") >= events && m.Sum("sentinela_alert_deliveries_total", ("outcome", "acked")) >= events);

        Assert.Equal(posted, metrics.Sum("sentinela_hemograms_received_total", ("lab", lab)));
        Assert.Equal(posted, metrics.Sum("sentinela_hemograms_received_total", ("lab", lab), ("outcome", "stored")));
        Assert.Equal(1, metrics.Sum("sentinela_hemograms_rejected_total", ("lab", lab)));
        Assert.Equal(posted / 2, metrics.Sum("sentinela_findings_total", ("parameter", "Platelets"), ("direction", "Low")));
        Assert.Equal(1, metrics.Sum("sentinela_outbreak_alerts_total", ("event", "raised")));
        Assert.Equal(events - 1, metrics.Sum("sentinela_outbreak_alerts_total", ("event", "updated")));
        Assert.Equal(1, metrics.Sum("sentinela_outbreak_alerts_active"));
        Assert.Equal(events, metrics.Sum("sentinela_alert_deliveries_total", ("outcome", "sent")));
        Assert.Equal(events, metrics.Sum("sentinela_alert_deliveries_total", ("outcome", "acked")));
        Assert.Equal(0, metrics.Sum("sentinela_alert_deliveries_total", ("outcome", "failed")));
        Assert.Equal(events, metrics.Sum("sentinela_alert_delivery_latency_seconds_count"));
        Assert.Equal(events, metrics.Sum("sentinela_alert_delivery_latency_seconds_bucket", ("le", "+Inf")));
        Assert.InRange(metrics.Sum("sentinela_alert_delivery_latency_seconds_sum"), 0, events * 30);
        Assert.Equal(1, metrics.Sum("sentinela_realtime_connections", ("transport", "WebSockets")));
        Assert.True(metrics.Sum("sentinela_storage_duration_seconds_count", ("backend", "sqlite"), ("operation", "hemogram.append")) >= 1);
        Assert.True(metrics.Sum("sentinela_storage_duration_seconds_count", ("backend", "sqlite"), ("operation", "alert.append")) >= events);
        Assert.True(metrics.Sum("sentinela_analysis_duration_seconds_count", ("step", "decide")) >= 1);
        Assert.Equal(posted, metrics.Sum("sentinela_analysis_counted_total"));
        Assert.Equal(0, metrics.Sum("sentinela_analysis_backlog"));
        Assert.Equal(0, metrics.Sum("sentinela_push_breaker_state", ("provider", "expo")));
        Assert.True(metrics.Has("http_server_request_duration_seconds_bucket"));
        Assert.Equal(alert.Id, probe.Alerts.Last().Alert.Id);
    }

    [Fact]
    public async Task Limit_rejections_and_the_realtime_summary_are_measured()
    {
        await using var server = new RealtimeServer(new() { ["Sentinela:Limits:HemogramsPerMinutePerLab"] = "2" });
        await using var probe = await server.ConnectAsync();
        for (var i = 0; i < 3; i++) await server.Http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram(identifier: $"q{i}")));

        var metrics = await PrometheusText.ScrapeAsync(server);
        var lab = await LabIdAsync(server);
        Assert.Equal(1, metrics.Sum("sentinela_limits_rejections_total", ("limit", "ingestion")));
        Assert.Equal(1, metrics.Sum("sentinela_hemograms_rejected_total", ("lab", lab), ("reason", "quota")));

        var summary = await server.Http.GetFromJsonAsync<Server.Observability.RealtimeSummary>("/api/metrics/realtime", SentinelaJson.Options);
        Assert.Equal(1, summary!.ActiveConnections);
        Assert.Equal(1, summary.ConnectionsByTransport["WebSockets"]);
        Assert.True(summary.RequestsPerMinute >= 3);
        Assert.NotNull(summary.AverageRequestLatencyMs);

        var manager = server.Factory.TokenFor(Role.Laboratory, user: "lab-user");
        using var asLab = new HttpClient { BaseAddress = server.BaseAddress };
        asLab.DefaultRequestHeaders.Authorization = new("Bearer", manager);
        Assert.Equal(HttpStatusCode.Forbidden, (await asLab.GetAsync("/api/metrics/realtime")).StatusCode);
    }

    [Fact]
    public async Task Alert_list_requests_answered_from_the_clients_cache_give_the_hit_rate()
    {
        await using var server = new RealtimeServer();
        var first = await server.Http.GetAsync("/api/alerts");
        var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/alerts");
        revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await server.Http.SendAsync(revalidate)).StatusCode);

        var summary = await server.Http.GetFromJsonAsync<Server.Observability.RealtimeSummary>("/api/metrics/realtime", SentinelaJson.Options);
        Assert.Equal(0.5, summary!.AlertListCacheHitRate);
        // The dashboard's hit-ratio panel reads the same from ASP.NET Core's request histogram, by route and status.
        var metrics = await PrometheusText.ScrapeAsync(server);
        var route = ("http_route", "/api/alerts/");
        Assert.Equal(1, metrics.Sum("http_server_request_duration_seconds_count", route, ("http_response_status_code", "304")));
        Assert.Equal(2, metrics.Sum("http_server_request_duration_seconds_count", route));
    }

    /// <summary>The id of the test laboratory (the only one): the <c>lab</c> label of ingestion metrics.</summary>
    static async Task<string> LabIdAsync(RealtimeServer server) =>
        (await server.Factory.Services.GetRequiredService<IAccountStore>().ListLabsAsync(default)).Single().Id.ToString();
}
