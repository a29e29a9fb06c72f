using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Analysis.Collective.Distributed;
using Sentinela.Server.Delivery;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using StackExchange.Redis;

namespace Sentinela.Tests.Storage.Redis;

/// <summary>
/// Degraded mode and back: while Redis is down instances keep taking hemograms and alerting on their own view; once it
/// returns, what was missed reaches the shared index and the other instances' clients, each once.
/// </summary>
public sealed class RedisOutageCatchUpTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    static readonly WatchArea AroundContagem = new() { Latitude = -19.93, Longitude = -44.05, RadiusKm = 100 };

    /// <summary>Short check intervals, and a key prefix of its own per test (the fixture's Redis serves the whole class).</summary>
    static Dictionary<string, string?> Settings(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sentinela:Storage:Distributed:AlertLogCheckInterval"] = "00:00:00.500",
            ["Sentinela:Analysis:Shared:CatchUpCheckInterval"] = "00:00:00.500",
            ["Sentinela:Analysis:Shared:KeyPrefix"] = $"t{Guid.NewGuid():N}",
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task An_alert_raised_while_Redis_is_down_reaches_a_client_of_the_other_instance_once_and_its_hemograms_are_indexed_again()
    {
        await using var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString, Settings());
        var (a, b) = (servers[0], servers[1]);
        await using var onA = await a.ConnectAsync("gestora-apos-queda");
        await onA.WatchAsync(AroundContagem);
        var outageStarted = DateTimeOffset.UtcNow;

        await redis.Server.StopAsync();
        try
        {
            var alert = await Outbreaks.PlateletsLowInContagemAsync(b.Http);
            // Still without Redis: A found the version in the alert log.
            Assert.True(await Eventually.WaitForAsync(() => Task.FromResult(onA.Alerts.Any(e => e.Alert.Id == alert.Id && e.Alert.Version == alert.Version)),
                ok => ok, TimeSpan.FromSeconds(60)));
        }
        finally
        {
            await redis.Server.StartAsync();
        }

        await Eventually.WaitForAsync(() => Task.FromResult(Connected(a) && Connected(b)), ok => ok, TimeSpan.FromSeconds(60));
        // Room for a duplicate by any path (B's stream appends sent from its backlog, the log check), then a barrier behind anything already sent.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await onA.SyncAsync();
        var logged = (await a.Factory.Services.GetRequiredService<IAlertStore>().EventsAfterAsync(0, 1000, default)).Select(v => (v.Id, v.Version)).Order().ToList();
        Assert.NotEmpty(logged);
        var received = onA.Alerts.Where(e => !e.Replayed).GroupBy(e => (e.Alert.Id, e.Alert.Version)).ToList();
        Assert.All(received, g => Assert.Single(g));
        Assert.Equal(logged, received.Select(g => g.Key).Order().ToList());

        var posted = await ReceivedSinceAsync(b, outageStarted);
        Assert.Equal(40, posted.Count);
        var index = a.Factory.Services.GetRequiredService<IHemogramGeoIndex>();
        var indexed = await Eventually.WaitForAsync(async () => (await index.RecentAsync(new(-19.93, -44.05), 50, HemogramParameter.Platelets,
            DateTimeOffset.UtcNow.AddHours(-72), DateTimeOffset.MaxValue, 1000, default)).Select(h => h.Id).ToHashSet(), ids => ids.IsSupersetOf(posted),
            TimeSpan.FromSeconds(60));
        Assert.Superset(posted.ToHashSet(), indexed);
    }

    [Fact]
    public async Task An_outbreak_split_between_instances_while_Redis_is_down_raises_one_alert_once_Redis_returns()
    {
        const int count = 40;
        await using var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString,
            Settings(SharedRegionWindowTests.MunicipalityLensOnly(count)));

        await redis.Server.StopAsync();
        try
        {
            for (var i = 0; i < count; i++) await SharedRegionWindowTests.PostAsync(servers[i % 2], low: i / 2 % 2 == 0);
            // Each instance saw half the outbreak, under the municipality window's minimum volume.
            Assert.Empty(await AlertsAsync(servers[0]));
        }
        finally
        {
            await redis.Server.StartAsync();
        }

        var raised = await Eventually.WaitForAsync(() => AlertsAsync(servers[0]), alerts => alerts.Count > 0, TimeSpan.FromSeconds(60));
        // Both instances replay the gap; the second decides under the lease after reading the first one's alert.
        await Eventually.WaitForAsync(() => Task.FromResult(Enumerable.Range(0, 2).All(i => Gap(servers[i]).Since is null)), done => done, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(3));

        var alert = Assert.Single(await AlertsAsync(servers[1]));
        Assert.Equal(raised[0].Id, alert.Id);
        Assert.Equal((DetectorKind.MunicipalityWindow, count, count / 2), (alert.Detector, alert.Statistics.Total, alert.Statistics.Abnormal));
    }

    static async Task<IReadOnlyList<OutbreakAlert>> AlertsAsync(RealtimeServer server) =>
        (await server.Http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!.Items;

    static async Task<List<Guid>> ReceivedSinceAsync(RealtimeServer server, DateTimeOffset since)
    {
        var ids = new List<Guid>();
        await foreach (var h in server.Factory.Services.GetRequiredService<IHemogramStore>().ReadReceivedSinceAsync(since, since.AddDays(-1), default))
            ids.Add(h.Id);
        return ids;
    }

    static SharedIndexGap Gap(RealtimeServer server) => server.Factory.Services.GetRequiredService<SharedIndexGap>();

    static bool Connected(RealtimeServer server) => server.Factory.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected;
}
