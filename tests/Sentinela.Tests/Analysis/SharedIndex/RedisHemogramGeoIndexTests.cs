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
