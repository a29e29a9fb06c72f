using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Identity;

/// <summary>
/// Counts failed logins per client IP in a sliding window; at the limit the IP is blocked for a while. Kept in memory:
/// one embedded instance sees every login (the distributed backend keeps these counters in Redis).
/// </summary>
public sealed class LoginThrottle(IOptions<IdentityOptions> options, TimeProvider time)
{
    sealed class Record
    {
        public readonly Queue<DateTimeOffset> Failures = new();
        public DateTimeOffset BlockedUntil;
    }

    readonly ConcurrentDictionary<IPAddress, Record> _byIp = new();

    /// <summary>How long the IP stays blocked, or null when it may try.</summary>
    public TimeSpan? BlockedFor(IPAddress ip)
    {
        if (!_byIp.TryGetValue(ip, out var record)) return null;
        lock (record)
        {
            var left = record.BlockedUntil - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Counts a failure; true when this failure reached the limit and blocked the IP.</summary>
    public bool Failed(IPAddress ip)
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
