using Sentinela.Server.Analysis.Collective;
using Sentinela.Tests.Infrastructure.Services;
using StackExchange.Redis;

namespace Sentinela.Tests.Analysis.SharedIndex;

/// <summary>The Redis GEO index on a three-master cluster: keys of one cell share a slot, a query spans the shards of its cells.</summary>
public sealed class RedisClusterHemogramGeoIndexTests(RedisClusterFixture redis) : HemogramGeoIndexContract, IClassFixture<RedisClusterFixture>, IAsyncLifetime
{
    ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.Cluster.ConnectionString);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    protected override Task<IHemogramGeoIndex> CreateAsync() => Task.FromResult(RedisIndexes.Create(_connection));
}
