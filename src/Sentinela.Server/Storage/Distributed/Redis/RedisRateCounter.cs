using Sentinela.Server.Limits;
using StackExchange.Redis;

namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// Sliding windows counted in Redis for every instance at once: one hash per partition (hash-tagged, so a Cluster spreads
/// partitions over its masters), one field per sixth of a window, summed and incremented by one script on Redis's clock
/// (instances' clocks need not agree). While Redis does not answer (or is known to be disconnected, so no request waits
/// for a timeout), this instance counts alone — fail open to the per-process limit, never closed for a whole country.
/// </summary>
public sealed class RedisRateCounter(IConnectionMultiplexer redis, ILogger<RedisRateCounter> logger) : IRateCounter, IDisposable
{
    // Returns 0 when the permits were taken, else the milliseconds until enough older segments leave the window.
    static readonly LuaScript Take = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local segment = tonumber(@segmentMs)
        local segments = tonumber(@segments)
        local current = math.floor(now / segment)
        local used = 0
        local counts = {}
        local fields = redis.call('HGETALL', @key)
        for i = 1, #fields, 2 do
          local s = tonumber(fields[i])
          if s <= current - segments then redis.call('HDEL', @key, fields[i])
          else
            used = used + tonumber(fields[i + 1])
            counts[#counts + 1] = { s, tonumber(fields[i + 1]) }
          end
        end
        local excess = used + tonumber(@permits) - tonumber(@limit)
        if excess <= 0 then
          redis.call('HINCRBY', @key, current, @permits)
          redis.call('PEXPIRE', @key, segments * segment)
          return 0
        end
        table.sort(counts, function(a, b) return a[1] < b[1] end)
        for _, c in ipairs(counts) do
          excess = excess - c[2]
          if excess <= 0 then return (c[1] + segments) * segment - now end
        end
        return segments * segment
        """);

    readonly LocalRateCounter _local = new();

    public async ValueTask<TimeSpan?> TryTakeAsync(string partition, int permits, int limit, TimeSpan window, CancellationToken ct)
    {
        var key = (RedisKey)RedisKeys.RateWindow(partition);
        if (redis.IsConnected)
        {
            try
            {
                var waitMs = (long)await redis.GetDatabase().ScriptEvaluateAsync(Take, new
                {
                    key,
                    segmentMs = (long)(window / LocalRateCounter.SegmentsPerWindow).TotalMilliseconds,
                    segments = LocalRateCounter.SegmentsPerWindow,
                    permits,
                    limit,
                });
                return waitMs <= 0 ? null : TimeSpan.FromMilliseconds(waitMs);
            }
            catch (Exception e) when (RedisOutage.Is(e))
            {
                logger.LogWarning(e, "Redis unavailable; rate limits count on this instance only");
            }
        }
        return await _local.TryTakeAsync(partition, permits, limit, window, ct);
    }

    public void Dispose() => _local.Dispose();
}
