using StackExchange.Redis;

namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// Which exceptions mean "Redis is not answering" (fall back to this instance's own view) as opposed to a bug such as a
/// script error, which must surface.
/// </summary>
public static class RedisOutage
{
    public static bool Is(Exception e) => e is RedisConnectionException or RedisTimeoutException or TimeoutException
        // What a node answers in the middle of a failover or a restart, until the client has followed the new master: a
        // demoted master refusing writes, a restarted one loading its data, a replica cut off from its master.
        || e is RedisServerException { Kind: RedisErrorKind.ReadOnly or RedisErrorKind.Loading or RedisErrorKind.MasterDown or RedisErrorKind.TryAgain or RedisErrorKind.ClusterDown };
}
