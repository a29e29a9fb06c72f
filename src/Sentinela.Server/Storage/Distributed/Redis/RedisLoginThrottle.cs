using System.Net;
using Microsoft.Extensions.Options;
using Sentinela.Server.Identity;
using StackExchange.Redis;

namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// Failed logins per IP counted in Redis, so every instance sees one count: a fixed window from the first failure
/// (INCR, expiry set once) and, at the limit, a block key that expires by itself. The keys of one IP share a hash tag
/// (one script, one slot); different IPs spread over a Cluster. While Redis does not answer, each instance counts in memory.
/// </summary>
public sealed class RedisLoginThrottle(IConnectionMultiplexer redis, IOptions<IdentityOptions> options, TimeProvider time,
    ILogger<RedisLoginThrottle> logger) : ILoginThrottle
{
    static readonly LuaScript Fail = LuaScript.Prepare("""
        local n = redis.call('INCR', @failures)
        if n == 1 then redis.call('PEXPIRE', @failures, @windowMs) end
        if n < tonumber(@max) then return 0 end
        redis.call('DEL', @failures)
        redis.call('SET', @blocked, '1', 'PX', @blockMs)
        return 1
        """);

    readonly InMemoryLoginThrottle _fallback = new(options, time);

    public async ValueTask<TimeSpan?> BlockedForAsync(IPAddress ip, CancellationToken ct)
    {
        try
        {
            var left = await redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.LoginBlocked(ip.ToString()));
            return left > TimeSpan.Zero ? left : null;
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning(e, "Redis unavailable; login throttle counts on this instance only");
            return await _fallback.BlockedForAsync(ip, ct);
        }
    }

    public async ValueTask<bool> FailedAsync(IPAddress ip, CancellationToken ct)
    {
        var o = options.Value;
        try
        {
            return (int)await redis.GetDatabase().ScriptEvaluateAsync(Fail, new
            {
                failures = (RedisKey)RedisKeys.LoginFailures(ip.ToString()),
                blocked = (RedisKey)RedisKeys.LoginBlocked(ip.ToString()),
                windowMs = (long)o.FailedLoginWindow.TotalMilliseconds,
                max = o.MaxFailedLogins,
                blockMs = (long)o.LoginBlock.TotalMilliseconds,
            }) == 1;
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning(e, "Redis unavailable; login throttle counts on this instance only");
            return await _fallback.FailedAsync(ip, ct);
        }
    }
}
