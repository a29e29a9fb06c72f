using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sentinela.Server.Storage.Distributed;
using Sentinela.Server.Storage.Distributed.Redis;
using Sentinela.Tests.Infrastructure.Services;
using StackExchange.Redis;

namespace Sentinela.Tests.Storage.Redis;

public sealed class RedisPresenceTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Connections_on_two_instances_count_together_and_a_silent_instance_ages_out()
    {
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var options = Options.Create(new DistributedStorageOptions { PresenceExpiry = TimeSpan.FromSeconds(2) });
        using var a = new RedisPresence(multiplexer, new RedisInstance(), options, NullLogger<RedisPresence>.Instance);
        using var b = new RedisPresence(multiplexer, new RedisInstance(), options, NullLogger<RedisPresence>.Instance);

        Assert.True(await a.TryConnectAsync("u", 2, default));
        Assert.True(await b.TryConnectAsync("u", 2, default));
        Assert.Equal(2, await a.ConnectionsOfAsync("u", default));
        Assert.False(await a.TryConnectAsync("u", 2, default));

        await b.DisconnectedAsync("u", default);
        Assert.Equal(1, await b.ConnectionsOfAsync("u", default));
        Assert.True(await b.TryConnectAsync("u", 2, default));

        // B stops beating (it died): past the expiry only A's connection counts, which A's heartbeat keeps (or restores).
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await a.BeatAsync();
        Assert.Equal(1, await a.ConnectionsOfAsync("u", default));
    }
}
