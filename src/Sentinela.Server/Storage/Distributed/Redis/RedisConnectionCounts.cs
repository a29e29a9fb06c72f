using Sentinela.Server.Rebalancing;
using StackExchange.Redis;

namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// Each instance's hub connections in one hash, with a deadline per instance in another: one script renews this
/// instance's entry, drops the entries of instances that stopped renewing, and returns the rest. Redis's clock decides
/// expiry, so instances' clocks need not agree.
/// </summary>
public sealed class RedisConnectionCounts(IConnectionMultiplexer redis, RedisInstance instance) : IConnectionCounts
{
    static readonly LuaScript Exchange = LuaScript.Prepare("""
        local now = redis.call('TIME')
        now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        redis.call('HSET', @counts, @instance, @connections)
        redis.call('HSET', @deadlines, @instance, now + tonumber(@expiryMs))
        local live = {}
        local deadlines = redis.call('HGETALL', @deadlines)
        for i = 1, #deadlines, 2 do
          local id = deadlines[i]
          local count = redis.call('HGET', @counts, id)
          if tonumber(deadlines[i + 1]) > now and count then
            live[#live + 1] = id
            live[#live + 1] = count
          else
            redis.call('HDEL', @deadlines, id)
            redis.call('HDEL', @counts, id)
          end
        end
        return live
        """);

    static readonly LuaScript Withdraw = LuaScript.Prepare("""
        redis.call('HDEL', @counts, @instance)
        redis.call('HDEL', @deadlines, @instance)
        """);

    public async Task<IReadOnlyList<InstanceLoad>> ExchangeAsync(int connections, TimeSpan expiry, CancellationToken ct)
    {
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Exchange, new
        {
            counts = (RedisKey)RedisKeys.RebalanceConnections,
            deadlines = (RedisKey)RedisKeys.RebalanceDeadlines,
            instance = instance.Id,
            connections,
            expiryMs = (long)expiry.TotalMilliseconds,
        }))!;
        var loads = new List<InstanceLoad>(reply.Length / 2);
        for (var i = 0; i + 1 < reply.Length; i += 2) loads.Add(new InstanceLoad((string)reply[i]!, (int)reply[i + 1]));
        return loads;
    }

    public Task WithdrawAsync(CancellationToken ct) =>
        redis.GetDatabase().ScriptEvaluateAsync(Withdraw, new
        {
            counts = (RedisKey)RedisKeys.RebalanceConnections,
            deadlines = (RedisKey)RedisKeys.RebalanceDeadlines,
            instance = instance.Id,
        });
}
