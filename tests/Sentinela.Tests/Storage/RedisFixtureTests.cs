using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage;

/// <summary>The standalone redis-server fixture runs, answers, and comes back after a restart (empty: persistence is off).</summary>
public sealed class RedisFixtureTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Redis_server_answers_and_restarts_on_the_same_port()
    {
        Assert.Equal("OK", await redis.Server.SendAsync("SET", "sentinela:smoke", "1"));
        Assert.Equal("1", await redis.Server.SendAsync("GET", "sentinela:smoke"));

        await redis.Server.RestartAsync();

        Assert.Equal("PONG", await redis.Server.SendAsync("PING"));
        Assert.Null(await redis.Server.SendAsync("GET", "sentinela:smoke"));
        Assert.Equal($"127.0.0.1:{redis.Server.Port}", redis.Server.ConnectionString);
    }
}
