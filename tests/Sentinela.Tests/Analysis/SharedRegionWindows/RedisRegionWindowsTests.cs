using Sentinela.Tests.Infrastructure.Services;
using StackExchange.Redis;

namespace Sentinela.Tests.Analysis.SharedRegionWindows;

/// <summary>The shared region windows on a standalone redis-server.</summary>
public sealed class RedisRegionWindowsTests(RedisFixture redis) : RegionWindowsContract, IClassFixture<RedisFixture>, IAsyncLifetime
{
    ConnectionMultiplexer _connection = null!;

    protected override IConnectionMultiplexer Connection => _connection;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);

    public async Task DisposeAsync() => await _connection.DisposeAsync();
}
