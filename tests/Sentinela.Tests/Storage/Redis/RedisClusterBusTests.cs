using System.Net;
using Sentinela.Server.Delivery;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Redis;

/// <summary>The Redis half on a three-master Cluster: hash-tagged keys land in one slot where they must, and the bus still carries alerts.</summary>
public sealed class RedisClusterBusTests(PostgresFixture postgres, RedisClusterFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisClusterFixture>
{
    [Fact]
    public async Task On_Redis_Cluster_an_alert_crosses_instances_once_and_connection_limits_hold()
    {
        await using (var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Cluster.ConnectionString,
            new() { ["Sentinela:Limits:ConnectionsPerUser"] = "1" }))
        {
            var (a, b) = (servers[0], servers[1]);
            await using var onA = await a.ConnectAsync("gestora-cluster");
            await onA.WatchAsync(new WatchArea { State = "MG" });
            await onA.SyncAsync();
            Assert.Equal((HttpStatusCode)429, (await MultiInstanceTests.NegotiateAsync(b, "gestora-cluster")).StatusCode);

            var alert = await Outbreaks.PlateletsLowInContagemAsync(b.Http);

            await Eventually.WaitForAsync(() => Task.FromResult(onA.Alerts.Any(e => e.Alert.Id == alert.Id && e.Alert.Version == alert.Version)), ok => ok);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await onA.SyncAsync();
            Assert.Contains(onA.Alerts, e => e.Alert.Id == alert.Id && e.Alert.Version == alert.Version);
            Assert.All(onA.Alerts.GroupBy(e => (e.Alert.Id, e.Alert.Version)), g => Assert.Single(g));
        }
    }
}
