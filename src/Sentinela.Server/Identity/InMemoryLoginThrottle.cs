using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Identity;

/// <summary>
/// Counts failed logins per client IP in a sliding window; at the limit the IP is blocked for a while. Kept in memory:
/// one embedded instance sees every login (the distributed backend keeps these counters in Redis).
/// </summary>
public sealed class InMemoryLoginThrottle(IOptions<IdentityOptions> options, TimeProvider time) : ILoginThrottle
{
    sealed class Record
    {
        public readonly Queue<DateTimeOffset> Failures = new();
        public DateTimeOffset BlockedUntil;
    }

    readonly ConcurrentDictionary<IPAddress, Record> _byIp = new();

    public ValueTask<TimeSpan?> BlockedForAsync(IPAddress ip, CancellationToken ct)
    {
        if (!_byIp.TryGetValue(ip, out var record)) return ValueTask.FromResult<TimeSpan?>(null);
        lock (record)
        {
            var left = record.BlockedUntil - time.GetUtcNow();
            return ValueTask.FromResult<TimeSpan?>(left > TimeSpan.Zero ? left : null);
        }
    }

    public ValueTask<bool> FailedAsync(IPAddress ip, CancellationToken ct) => ValueTask.FromResult(Failed(ip));

    bool Failed(IPAddress ip)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var record = _byIp.GetOrAdd(ip, _ => new Record());
        lock (record)
        {
            while (record.Failures.TryPeek(out var oldest) && now - oldest > o.FailedLoginWindow) record.Failures.Dequeue();
            record.Failures.Enqueue(now);
            if (record.Failures.Count < o.MaxFailedLogins) return false;
            record.Failures.Clear();
            record.BlockedUntil = now + o.LoginBlock;
            return true;
        }
    }
}
