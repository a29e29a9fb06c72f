using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Alerts;
using Sentinela.Server.Delivery;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Sentinela.Tests.Storage.Redis;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Sentinela.Tests.Storage.HighAvailability;

/// <summary>
/// Two instances configured with three Sentinels (not the master): the master is killed, the Sentinels promote the
/// replica, and the instances follow by themselves: the alert bus (pub/sub nudge and stream), and the decision lease work
/// on the new master, so an alert decided on one instance after the failover reaches a client of the other, once.
/// </summary>
[Trait("Category", "HighAvailability")]
public sealed class RedisSentinelFailoverTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    static readonly WatchArea AroundContagem = new() { Latitude = -19.93, Longitude = -44.05, RadiusKm = 100 };

    [Fact]
    public async Task After_the_master_is_killed_the_sentinels_fail_over_and_alerts_still_cross_instances_exactly_once()
    {
        await using var group = await RedisSentinelGroup.StartAsync();
        // The alert log check is what recovers versions the bus lost; pushed out of the way, only the Redis bus delivers.
        await using var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, group.ConnectionString,
            new() { ["Sentinela:Storage:Distributed:AlertLogCheckInterval"] = "00:10:00" });
        var (a, b) = (servers[0], servers[1]);
        await using var onA = await a.ConnectAsync("gestora-sentinel");
        await onA.WatchAsync(AroundContagem);
        var before = await Outbreaks.PlateletsLowInContagemAsync(b.Http);
        await Eventually.WaitForAsync(() => Task.FromResult(Received(onA, before)), ok => ok);

        var (oldMaster, replica) = (group.Servers[0].Port, group.Servers[1].Port);
        var clock = Stopwatch.StartNew();
        await group.Servers[0].StopAsync();
        var promoted = await Eventually.WaitForAsync(group.MasterPortAsync, port => port == replica, TimeSpan.FromSeconds(30));
        var failover = clock.Elapsed;
        var followed = await Eventually.WaitForAsync(() => Task.FromResult(OnMaster(a, replica) && OnMaster(b, replica)), ok => ok, TimeSpan.FromSeconds(30));
        var instancesFollowed = clock.Elapsed;

        var after = await Outbreaks.PlateletsLowInContagemAsync(b.Http, prefix: "depois-");
        var delivered = await Eventually.WaitForAsync(() => Task.FromResult(Received(onA, after)), ok => ok);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await onA.SyncAsync();
        output.WriteLine($"master {oldMaster} killed; Sentinels promoted {promoted} after {failover.TotalSeconds:F1} s; both instances on it after " +
            $"{instancesFollowed.TotalSeconds:F1} s; alert {after.Id} v{after.Version} delivered across instances after {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(replica, promoted);
        Assert.True(followed, "an instance stayed on the old master");
        Assert.True(after.Id != before.Id || after.Version > before.Version, "no new alert version was decided after the failover");
        Assert.True(delivered);
        var logged = (await b.Http.GetFromJsonAsync<AlertDetails>($"/api/alerts/{after.Id}", Sentinela.Server.SentinelaJson.Options))!.History
            .Select(v => (v.Id, v.Version)).Order().ToList();
        var received = onA.Alerts.Where(e => !e.Replayed && e.Alert.Id == after.Id).GroupBy(e => (e.Alert.Id, e.Alert.Version)).ToList();
        Assert.All(received, g => Assert.Single(g));
        Assert.Equal(logged, received.Select(g => g.Key).Order().ToList());
    }

    static bool Received(HubProbe probe, OutbreakAlert alert) => probe.Alerts.Any(e => e.Alert.Id == alert.Id && e.Alert.Version == alert.Version);

    /// <summary>The instance's multiplexer is connected to the given port as its master.</summary>
    static bool OnMaster(RealtimeServer server, int port) => server.Factory.Services.GetRequiredService<IConnectionMultiplexer>().GetServers()
        .Any(s => s.IsConnected && !s.IsReplica && s.EndPoint.ToString()!.EndsWith($":{port}", StringComparison.Ordinal));
}
