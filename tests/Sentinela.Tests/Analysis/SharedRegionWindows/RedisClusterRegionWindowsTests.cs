using Sentinela.Tests.Infrastructure.Services;
using StackExchange.Redis;

namespace Sentinela.Tests.Analysis.SharedRegionWindows;

/// <summary>The shared region windows on a three-master cluster: each region's keys share a slot, regions spread over the shards.</summary>
public sealed class RedisClusterRegionWindowsTests(RedisClusterFixture redis) : RegionWindowsContract, IClassFixture<RedisClusterFixture>, IAsyncLifetime
{
    ConnectionMultiplexer _connection = null!;

    protected override IConnectionMultiplexer Connection => _connection;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.Cluster.ConnectionString);

    public async Task DisposeAsync() => await _connection.DisposeAsync();
}
