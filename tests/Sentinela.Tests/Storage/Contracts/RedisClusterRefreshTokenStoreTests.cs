using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>Refresh tokens in a Redis Cluster: every script and MGET stays within one slot.</summary>
public sealed class RedisClusterRefreshTokenStoreTests(PostgresFixture postgres, RedisClusterFixture redis)
    : RefreshTokenStoreContract, IClassFixture<PostgresFixture>, IClassFixture<RedisClusterFixture>
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.PostgresWithRedisAsync(postgres.Cluster, redis.Cluster.ConnectionString);
}
