using StackExchange.Redis;

namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// Which exceptions mean "Redis is not answering" (fall back to this instance's own view) as opposed to a bug such as a
/// script error, which must surface.
/// </summary>
public static class RedisOutage
{
    public static bool Is(Exception e) => e is RedisConnectionException or RedisTimeoutException or TimeoutException;
}
