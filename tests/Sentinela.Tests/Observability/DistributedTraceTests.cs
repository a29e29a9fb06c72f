using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Sentinela.Server.Delivery;
using Sentinela.Server.Observability;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Sentinela.Tests.Storage.Redis;

namespace Sentinela.Tests.Observability;

/// <summary>Two instances in distributed mode (one PostgreSQL, one Redis): an alert's trace crosses the bus.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class DistributedTraceTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    static readonly WatchArea AroundContagem = new() { Latitude = -19.93, Longitude = -44.05, RadiusKm = 100 };

    [Fact]
    public async Task One_alert_is_one_trace_across_two_instances()
    {
        // Collected by A's provider only: ActivitySources are process-wide, so it sees B's spans too (one copy of each).
        var exported = new ConcurrentQueue<Activity>();
        await using var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString,
            configure: (i, web) => web.ConfigureServices(s =>
            {
                if (i == 0) s.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SpanCollector(exported)));
            }));
        var (a, b) = (servers[0], servers[1]);
        var (onA, onB) = (InstanceOf(a), InstanceOf(b));
        await using var client = await b.ConnectAsync("gestora-b");
        await client.WatchAsync(AroundContagem);

        var alert = await Outbreaks.PlateletsLowInContagemAsync(a.Http);
        await Eventually.WaitForAsync(() => Task.FromResult(client.Alerts.Any(e => e.Alert.Id == alert.Id && e.Alert.Version == 1)), seen => seen);

        // Spans are exported as they end: A's publication ends after its own subscribers, B's consumer span after B's. Wait for both.
        var trace = await Eventually.WaitForAsync(() => Task.FromResult(TraceOf(exported, alert.Id)),
            t => t.Any(s => s.OperationName == "alerts.publish") && t.Any(s => s.OperationName == "alerts.receive"));
        var byId = trace.ToDictionary(s => s.SpanId);
        Activity Parent(Activity s) => byId[s.ParentSpanId];
        IEnumerable<Activity> Ancestors(Activity s)
        {
            while (byId.TryGetValue(s.ParentSpanId, out var parent)) yield return s = parent;
        }
        string? Instance(Activity s) => (string?)s.GetTagItem(ServiceInstance.Tag);
        Activity One(string name, string instance) => Assert.Single(trace, s => s.OperationName == name && Instance(s) == instance);

        // One tree, rooted in A's decision.
        var root = Assert.Single(trace, s => !byId.ContainsKey(s.ParentSpanId));
        Assert.Equal(("analysis.decide", onA), (root.OperationName, Instance(root)));
        var names = trace.Where(s => Instance(s) == onA).Select(s => s.OperationName).ToHashSet();
        foreach (var expected in new[] { "analysis.decide", "storage hemogram.abnormal", "alerts.log.append", "storage alert.append", "alerts.publish", "delivery.fan_out" })
            Assert.Contains(expected, names);
        Assert.Equal(root, Parent(One("alerts.log.append", onA)));
        Assert.Equal("alerts.log.append", Parent(One("storage alert.append", onA)).OperationName);
        var publish = One("alerts.publish", onA);
        Assert.Equal(root, Parent(publish));
        Assert.Equal(publish, Parent(One("delivery.fan_out", onA)));

        // B: the consumer span continues A's publication, and B's fan-out runs under it.
        var receive = One("alerts.receive", onB);
        Assert.Equal(publish, Parent(receive));
        Assert.Equal(receive, Parent(One("delivery.fan_out", onB)));
        // Both enqueuers look; whichever queues the pushes does so inside the alert's trace, on its own instance.
        var enqueues = trace.Where(s => s.OperationName == "push.enqueue").ToList();
        Assert.NotEmpty(enqueues);
        Assert.All(enqueues, s => Assert.Contains((Parent(s), Instance(s)), new (Activity, string?)[] { (publish, onA), (receive, onB) }));

        // Every span the servers made says whose it is: B's are the consumer span and what runs under it.
        Assert.All(trace, s => Assert.Equal(s == receive || Ancestors(s).Contains(receive) ? onB : onA, Instance(s)));
    }

    /// <summary>The spans of the trace that published version 1 of the alert, as exported so far (none before its publication ends).</summary>
    static List<Activity> TraceOf(ConcurrentQueue<Activity> exported, Guid alertId)
    {
        var snapshot = exported.ToArray();
        var publish = snapshot.SingleOrDefault(s => s.OperationName == "alerts.publish"
            && (string?)s.GetTagItem("sentinela.alert.id") == alertId.ToString() && (int?)s.GetTagItem("sentinela.alert.version") == 1);
        return publish is null ? [] : snapshot.Where(s => s.TraceId == publish.TraceId).ToList();
    }

    static string InstanceOf(RealtimeServer server) => server.Factory.Services.GetRequiredService<ServiceInstance>().Id;
}
