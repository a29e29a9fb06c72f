using Sentinela.Server.Identity;
using Sentinela.Server.Storage;
using Sentinela.Server.Storage.Distributed.Redis;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>Refresh tokens in a standalone Redis (the distributed backend with Redis configured).</summary>
public sealed class RedisRefreshTokenStoreTests(PostgresFixture postgres, RedisFixture redis)
    : RefreshTokenStoreContract, IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.PostgresWithRedisAsync(postgres.Cluster, redis.Server.ConnectionString);

    [Fact]
    public async Task With_Redis_configured_tokens_live_in_Redis_and_leave_it_when_they_expire()
    {
        var store = Storage.Get<IRefreshTokenStore>();
        Assert.IsType<RedisRefreshTokenStore>(store);
        var now = DateTimeOffset.UtcNow;
        await store.AddAsync(new RefreshToken("short-lived", Guid.NewGuid(), Guid.NewGuid(), now, now.AddSeconds(2)), default);
        Assert.NotNull(await store.FindAsync("short-lived", default));

        Assert.Null(await Eventually.WaitForAsync(() => store.FindAsync("short-lived", default), found => found is null));
    }
}
