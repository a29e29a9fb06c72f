using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Sentinela.Tests.Storage.Redis;

namespace Sentinela.Tests.Observability;

/// <summary>Redis command latency on /metrics in distributed mode.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class RedisMetricsTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    const string Duration = "sentinela_redis_command_duration_seconds";

    [Fact]
    public async Task Redis_command_durations_are_scraped_per_command()
    {
        await using var servers = await DistributedInstances.StartAsync(1, postgres.Cluster, redis.Server.ConnectionString);
        var server = servers[0];

        await Outbreaks.PlateletsLowInContagemAsync(server.Http);

        // The shared radius index adds and searches, the bus appends the alert to its stream: each command has its own series.
        // Every posted hemogram went to the shared index (one GEOADD per request here); the profiler is drained every second.
        string[] commands = ["GEOADD", "GEOSEARCH", "XADD"];
        var metrics = await Eventually.WaitForAsync(() => PrometheusText.ScrapeAsync(server),
            m => commands.All(c => m.Sum($"{Duration}_count", ("command", c)) > 0) && m.Sum($"{Duration}_count", ("command", "GEOADD")) >= 40);
        foreach (var command in commands)
        {
            var count = metrics.Sum($"{Duration}_count", ("command", command));
            Assert.True(count > 0, $"no {command} measured");
            Assert.Equal(count, metrics.Sum($"{Duration}_bucket", ("command", command), ("le", "+Inf")));
            Assert.InRange(metrics.Sum($"{Duration}_sum", ("command", command)), 0, count * 30);
        }
        Assert.True(metrics.Sum($"{Duration}_count", ("command", "GEOADD")) >= 40);
    }
}
