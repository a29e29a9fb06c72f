using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sentinela.Server.Storage.Distributed.Redis;
using StackExchange.Redis;

namespace Sentinela.Server.Analysis.Decisions;

/// <summary>
/// One instance at a time decides alert changes: <c>SET lease NX PX</c> with a random token, released by a compare-and-delete
/// script so an instance never deletes a lease that expired and went to another.
/// A lease rather than a Lua script: a decision is the C# detection engine over the counters plus reads and writes of the
/// alert log in PostgreSQL, which no script can run. One lease for the whole country rather than one per area: clusters
/// span municipalities and states, so per-area leases would let two instances raise two alerts for one outbreak near a
/// border. Decisions run on a timer (and when counts change), not per hemogram, so serialising them costs little.
/// While Redis does not answer an instance decides alone (still after re-reading the alert log): a duplicate alert is
/// possible then, a lost one is not.
/// Each turn carries a fencing token, larger than any before it, that the alert log checks on append (see
/// <see cref="Storage.StaleFenceException"/>): a holder paused past its lease (GC, slow disk) cannot log what it decided
/// on the view it had before another instance took a turn. The token is the Redis clock in microseconds, or one more than
/// the last token when that is larger, so it keeps rising when Redis restarts empty (a plain INCR would start again at 1
/// and every append would be refused).
/// </summary>
public sealed class DecisionLease(IConnectionMultiplexer redis, IOptions<LeaseOptions> options, ILogger<DecisionLease> logger)
{
    const string Release = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    // KEYS: lease, fence; ARGV: holder token, lease time (ms). The fence is set only by a successful take.
    const string Take = """
        if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
        local t = redis.call('TIME')
        local token = math.max(tonumber(t[1]) * 1000000 + tonumber(t[2]), tonumber(redis.call('GET', KEYS[2]) or '0') + 1)
        redis.call('SET', KEYS[2], string.format('%d', token))
        return token
        """;

    static readonly DecisionTurn Alone = new(null, () => ValueTask.CompletedTask);

    readonly RedisKey _key = $"{{{options.Value.KeyPrefix}:analysis}}:lease";
    readonly RedisKey _fence = $"{{{options.Value.KeyPrefix}:analysis}}:fence";

    public async Task<DecisionTurn> AcquireAsync(CancellationToken ct)
    {
        if (!redis.IsConnected) return Alone;
        try
        {
            return await TakeAsync(ct);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning(e, "Redis did not answer for the alert decision lease; deciding alone");
            return Alone;
        }
    }

    async Task<DecisionTurn> TakeAsync(CancellationToken ct)
    {
        var db = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(2);
        RedisResult fence;
        while ((fence = await db.ScriptEvaluateAsync(Take, [_key, _fence], [token, (long)options.Value.LeaseTime.TotalMilliseconds])).IsNull)
        {
            if (Stopwatch.GetElapsedTime(started) > options.Value.LeaseWait) throw new InvalidOperationException("Another instance has held the alert decision lease longer than LeaseWait.");
            await Task.Delay(pause, ct);
            // Back off up to 50 ms: holders keep it for a PostgreSQL read and write, a few milliseconds.
            pause = TimeSpan.FromMilliseconds(Math.Min(50, pause.TotalMilliseconds * 2));
        }
        return new DecisionTurn((long)fence, () => ReleaseAsync(db, token));
    }

    async ValueTask ReleaseAsync(IDatabase db, string token)
    {
        try
        {
            await db.ScriptEvaluateAsync(Release, [_key], [token]);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            // It expires after LeaseTime; meanwhile the others wait, which is safe.
            logger.LogWarning(e, "Redis did not answer releasing the alert decision lease");
        }
    }
}
