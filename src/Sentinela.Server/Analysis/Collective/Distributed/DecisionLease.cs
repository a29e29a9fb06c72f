using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sentinela.Server.Storage.Distributed.Redis;
using StackExchange.Redis;

namespace Sentinela.Server.Analysis.Collective.Distributed;

/// <summary>
/// One instance at a time decides alert changes: <c>SET lease NX PX</c> with a random token, released by a compare-and-delete
/// script so an instance never deletes a lease that expired and went to another.
/// A lease rather than a Lua script: the decision is the C# detector plus a read of the alert log in PostgreSQL, which
/// no script can run. One lease for the whole country rather than one per area: areas overlap (a circle crosses
/// municipality, state and cell borders; a state alert absorbs every signal in its state), so per-area leases would let
/// two instances raise two alerts for one outbreak near a border. It is held only by steps that change an alert (a raise,
/// a version, new evidence), never by the common hemogram that changes nothing, so serialising them costs little.
/// While Redis does not answer an instance decides alone (still after re-reading the alert log): a duplicate alert is
/// possible then, a lost one is not.
/// </summary>
public sealed class DecisionLease(IConnectionMultiplexer redis, IOptions<SharedAnalysisOptions> options, ILogger<DecisionLease> logger)
{
    const string Release = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    readonly RedisKey _key = $"{{{options.Value.KeyPrefix}:analysis}}:lease";

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken ct)
    {
        if (!redis.IsConnected) return Alone.Instance;
        try
        {
            return await TakeAsync(ct);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning(e, "Redis did not answer for the alert decision lease; deciding alone");
            return Alone.Instance;
        }
    }

    async Task<IAsyncDisposable> TakeAsync(CancellationToken ct)
    {
        var db = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(2);
        while (!await db.StringSetAsync(_key, token, options.Value.LeaseTime, When.NotExists))
        {
            if (Stopwatch.GetElapsedTime(started) > options.Value.LeaseWait) throw new InvalidOperationException("Another instance has held the alert decision lease longer than LeaseWait.");
            await Task.Delay(pause, ct);
            // Back off up to 50 ms: holders keep it for a PostgreSQL read and write, a few milliseconds.
            pause = TimeSpan.FromMilliseconds(Math.Min(50, pause.TotalMilliseconds * 2));
        }
        return new Held(db, _key, token, logger);
    }

    sealed class Held(IDatabase db, RedisKey key, string token, ILogger logger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.ScriptEvaluateAsync(Release, [key], [token]);
            }
            catch (Exception e) when (RedisOutage.Is(e))
            {
                // It expires after LeaseTime; meanwhile the others wait, which is safe.
                logger.LogWarning(e, "Redis did not answer releasing the alert decision lease");
            }
        }
    }

    sealed class Alone : IAsyncDisposable
    {
        public static readonly Alone Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
