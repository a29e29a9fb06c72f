using System.Diagnostics;
using Microsoft.Extensions.Options;
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
/// </summary>
public sealed class DecisionLease(IConnectionMultiplexer redis, IOptions<SharedAnalysisOptions> options)
{
    const string Release = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    readonly RedisKey _key = $"{{{options.Value.KeyPrefix}:analysis}}:lease";

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken ct)
    {
        var db = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(2);
        while (!await db.StringSetAsync(_key, token, options.Value.LeaseTime, When.NotExists))
        {
            if (Stopwatch.GetElapsedTime(started) > options.Value.LeaseWait) throw new TimeoutException("Another instance has held the alert decision lease too long.");
            await Task.Delay(pause, ct);
            // Back off up to 50 ms: holders keep it for a PostgreSQL read and write, a few milliseconds.
            pause = TimeSpan.FromMilliseconds(Math.Min(50, pause.TotalMilliseconds * 2));
        }
        return new Held(db, _key, token);
    }

    sealed class Held(IDatabase db, RedisKey key, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await db.ScriptEvaluateAsync(Release, [key], [token]);
    }
}
