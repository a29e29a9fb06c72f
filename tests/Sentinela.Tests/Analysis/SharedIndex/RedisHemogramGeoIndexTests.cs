using Microsoft.Extensions.Options;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Analysis.Collective.Distributed;
using Sentinela.Tests.Infrastructure.Services;
using StackExchange.Redis;

namespace Sentinela.Tests.Analysis.SharedIndex;

/// <summary>The Redis GEO index on a standalone redis-server.</summary>
public sealed class RedisHemogramGeoIndexTests(RedisFixture redis) : HemogramGeoIndexContract, IClassFixture<RedisFixture>, IAsyncLifetime
{
    ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    protected override Task<IHemogramGeoIndex> CreateAsync() => Task.FromResult(RedisIndexes.Create(_connection));
}

/// <summary>The Redis GEO index on a three-master cluster: keys of one cell share a slot, a query spans the shards of its cells.</summary>
public sealed class RedisClusterHemogramGeoIndexTests(RedisClusterFixture redis) : HemogramGeoIndexContract, IClassFixture<RedisClusterFixture>, IAsyncLifetime
{
    ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.Cluster.ConnectionString);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    protected override Task<IHemogramGeoIndex> CreateAsync() => Task.FromResult(RedisIndexes.Create(_connection));
}

static class RedisIndexes
{
    /// <summary>A fresh key prefix per index, so tests sharing a server never see each other's points.</summary>
    public static IHemogramGeoIndex Create(IConnectionMultiplexer connection) => new RedisHemogramIndex(connection,
        Options.Create(new SharedAnalysisOptions { KeyPrefix = $"test-{Guid.NewGuid():N}" }),
        Options.Create(new CollectiveAnalysisOptions()), TimeProvider.System,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisHemogramIndex>.Instance);
}
