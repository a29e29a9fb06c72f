using Microsoft.Extensions.Options;
using Sentinela.Server.Limits;
using StackExchange.Redis;

namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// Per-user connection counts across instances. Each user has a hash of instance id → that instance's connections; each
/// instance renews its liveness (a deadline in <see cref="RedisKeys.PresenceInstances"/>) and re-asserts its own counts on
/// every heartbeat, so counts of an instance that died age out after <see cref="DistributedStorageOptions.PresenceExpiry"/>
/// and counts lost with a Redis restart come back within one heartbeat. Scripts read Redis's clock, so instances' clocks
/// need not agree. When Redis does not answer, the user's connections on this instance are what counts (fail open: the
/// limit guards capacity, it is no reason to refuse health managers during an outage).
/// </summary>
public sealed class RedisPresence(
    IConnectionMultiplexer redis,
    RedisInstance instance,
    IOptions<DistributedStorageOptions> options,
    ILogger<RedisPresence> logger) : BackgroundService, IPresence
{
    // Sums live instances' counts and drops dead instances' fields.
    const string LiveCount = """
        local now = redis.call('TIME')
        now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local total = 0
        local fields = redis.call('HGETALL', @user)
        for i = 1, #fields, 2 do
          local deadline = tonumber(redis.call('HGET', @deadlines, fields[i]) or '0')
          if fields[i] == @instance or deadline > now then total = total + tonumber(fields[i + 1])
          else redis.call('HDEL', @user, fields[i]) end
        end
        """;

    static readonly LuaScript Count = LuaScript.Prepare(LiveCount + "\nreturn total");

    static readonly LuaScript Connect = LuaScript.Prepare(LiveCount + "\n" + """
        if total >= tonumber(@limit) then return -1 end
        redis.call('HSET', @deadlines, @instance, now + tonumber(@expiryMs))
        redis.call('HINCRBY', @user, @instance, 1)
        redis.call('PEXPIRE', @user, @expiryMs)
        return total + 1
        """);

    static readonly LuaScript Disconnect = LuaScript.Prepare("""
        if redis.call('HINCRBY', @user, @instance, -1) <= 0 then redis.call('HDEL', @user, @instance) end
        """);

    static readonly LuaScript Heartbeat = LuaScript.Prepare("""
        local now = redis.call('TIME')
        now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        redis.call('HSET', @deadlines, @instance, now + tonumber(@expiryMs))
        """);

    readonly Lock _gate = new();
    readonly Dictionary<string, int> _mine = [];

    public async ValueTask<int> ConnectionsOfAsync(string user, CancellationToken ct)
    {
        try
        {
            return (int)await redis.GetDatabase().ScriptEvaluateAsync(Count, Args(user));
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning(e, "Redis unavailable; counting this instance's connections only");
            lock (_gate) return _mine.GetValueOrDefault(user);
        }
    }

    public async ValueTask<bool> TryConnectAsync(string user, int limit, CancellationToken ct)
    {
        bool admitted;
        try
        {
            admitted = (int)await redis.GetDatabase().ScriptEvaluateAsync(Connect, Args(user, limit)) >= 0;
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning(e, "Redis unavailable; admitting by this instance's connections only");
            lock (_gate) admitted = _mine.GetValueOrDefault(user) < limit;
        }
        if (admitted)
            lock (_gate) _mine[user] = _mine.GetValueOrDefault(user) + 1;
        return admitted;
    }

    public async ValueTask DisconnectedAsync(string user, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_mine.GetValueOrDefault(user) <= 1) _mine.Remove(user);
            else _mine[user]--;
        }
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(Disconnect, Args(user));
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            // The next heartbeat writes this instance's true count.
            logger.LogWarning(e, "Redis unavailable; the disconnection is counted at the next heartbeat");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.PresenceHeartbeat);
        do
        {
            try
            {
                await BeatAsync();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Presence heartbeat failed");
            }
        } while (await WaitAsync(timer, stop));
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        try
        {
            // Leaving cleanly: this instance's connections stop counting now rather than after the expiry.
            await redis.GetDatabase().HashDeleteAsync(RedisKeys.PresenceInstances, instance.Id);
        }
        // Disposed: the host is being torn down around this stop (seen in tests); the entry expires all the same.
        catch (Exception e) when (RedisOutage.Is(e) || e is ObjectDisposedException)
        {
            logger.LogWarning(e, "Could not withdraw presence; it expires on its own");
        }
    }

    internal async Task BeatAsync()
    {
        KeyValuePair<string, int>[] mine;
        lock (_gate) mine = [.. _mine];
        var db = redis.GetDatabase();
        var expiry = options.Value.PresenceExpiry;
        // A connection opening meanwhile may be overwritten by the snapshot's count; the next beat corrects it.
        var writes = mine.Select(async m =>
        {
            var key = RedisKeys.PresenceUser(m.Key);
            await db.HashSetAsync(key, instance.Id, m.Value);
            await db.KeyExpireAsync(key, expiry);
        });
        await Task.WhenAll([db.ScriptEvaluateAsync(Heartbeat, Args("")), .. writes]);
    }

    static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    object Args(string user, int limit = 0) => new
    {
        user = (RedisKey)RedisKeys.PresenceUser(user),
        deadlines = (RedisKey)RedisKeys.PresenceInstances,
        instance = instance.Id,
        limit,
        expiryMs = (long)options.Value.PresenceExpiry.TotalMilliseconds,
    };
}
