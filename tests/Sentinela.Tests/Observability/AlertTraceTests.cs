using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Sentinela.Server;
using Sentinela.Server.Delivery;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Observability;

[Collection(ObservabilityCollection.Name)]
public sealed class AlertTraceTests
{
    [Fact]
    public async Task One_alert_version_is_one_trace_from_its_decision_to_fan_out_and_push_enqueue_and_the_lab_request_one_of_its_own()
    {
        var spans = new List<Activity>();
        await using var server = new RealtimeServer(configure: web => web.ConfigureServices(s =>
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        await using var probe = await server.ConnectAsync();
        await probe.WatchAsync(new WatchArea { MunicipalityCode = Outbreaks.Contagem });

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http);
        await probe.SyncAsync();

        Activity[] finished;
        lock (spans) finished = spans.ToArray();
        var publish = finished.Single(s => s.OperationName == "alerts.publish" && (string?)s.GetTagItem("sentinela.alert.id") == alert.Id.ToString()
            && (int?)s.GetTagItem("sentinela.alert.version") == 1);
        var trace = finished.Where(s => s.TraceId == publish.TraceId).ToList();
        var names = trace.Select(s => s.OperationName).ToHashSet();

        foreach (var expected in new[]
                 {
                     "analysis.decide", "storage hemogram.abnormal", "alerts.log.append", "storage alert.append", "alerts.publish",
                     "delivery.fan_out", "push.enqueue",
                 })
            Assert.Contains(expected, names);
        Assert.DoesNotContain("ingestion.receive", names);

        // One tree, rooted in the decision: the data came from many requests, none of them its parent.
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        var root = Assert.Single(trace, s => !ids.Contains(s.ParentSpanId));
        Assert.Equal("analysis.decide", root.OperationName);
        var byId = trace.ToDictionary(s => s.SpanId);
        Assert.Equal("analysis.decide", byId[trace.Single(s => s.OperationName == "alerts.publish").ParentSpanId].OperationName);
        Assert.Equal("alerts.publish", byId[trace.Single(s => s.OperationName == "delivery.fan_out").ParentSpanId].OperationName);
        Assert.Equal("alerts.publish", byId[trace.Single(s => s.OperationName == "push.enqueue").ParentSpanId].OperationName);
        Assert.Equal(1, probe.Alerts.Count(e => e.Alert.Id == alert.Id && e.Alert.Version == 1));

        // The laboratory's request is a trace that ends at the durable commit (which queues the analysis work).
        var request = finished.Single(s => s.OperationName == "ingestion.receive");
        var requestSpans = finished.Where(s => s.TraceId == request.TraceId).Select(s => s.OperationName).ToHashSet();
        Assert.Superset(new HashSet<string> { "ingestion.receive", "ingestion.parse", "analysis.individual", "storage hemogram.append" }, requestSpans);
        Assert.DoesNotContain("alerts.publish", requestSpans);
    }

    [Fact]
    public async Task A_published_alert_carries_the_w3c_traceparent_of_its_publication()
    {
        var spans = new List<Activity>();
        await using var server = new RealtimeServer(configure: web => web.ConfigureServices(s =>
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        var seen = new List<Server.Alerts.PublishedAlert>();
        using var subscription = server.Factory.Services.GetRequiredService<Server.Alerts.IAlertBus>().Subscribe((p, _) =>
        {
            lock (seen) seen.Add(p);
            return ValueTask.CompletedTask;
        });

        await Outbreaks.PlateletsLowInContagemAsync(server.Http);

        Server.Alerts.PublishedAlert first;
        lock (seen) first = seen.First();
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", first.TraceParent);
        Assert.NotNull(first.CauseReceivedAt);
        Activity[] finished;
        lock (spans) finished = spans.ToArray();
        var publish = finished.Single(s => s.OperationName == "alerts.publish" && (string?)s.GetTagItem("sentinela.alert.id") == first.Alert.Id.ToString()
            && (int?)s.GetTagItem("sentinela.alert.version") == first.Alert.Version);
        Assert.Equal(publish.Id, first.TraceParent);
        // The wire format is untouched: nothing of the trace reaches clients.
        Assert.DoesNotContain("trace", System.Text.Json.JsonSerializer.Serialize(first.Alert, SentinelaJson.Options), StringComparison.OrdinalIgnoreCase);
    }
}
