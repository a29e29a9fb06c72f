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

        // The decision lease (a script, loaded once then called by its SHA) and the bus's stream append: each command has
        // its own series; the profiler is drained every second.
        var metrics = await Eventually.WaitForAsync(() => PrometheusText.ScrapeAsync(server),
            m => m.Sum($"{Duration}_count", ("command", "XADD")) > 0
                 && m.Sum($"{Duration}_count", ("command", "EVAL")) + m.Sum($"{Duration}_count", ("command", "EVALSHA")) > 0);
        foreach (var command in new[] { "XADD", "EVAL", "EVALSHA" })
        {
            var count = metrics.Sum($"{Duration}_count", ("command", command));
            Assert.Equal(count, metrics.Sum($"{Duration}_bucket", ("command", command), ("le", "+Inf")));
            Assert.InRange(metrics.Sum($"{Duration}_sum", ("command", command)), 0, count * 30);
        }
        Assert.True(metrics.Sum($"{Duration}_count", ("command", "XADD")) > 0);
    }
}
