using System.Net;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Limits;

/// <summary>
/// Counts this instance's real-time connections per user, per IP and in total. <see cref="Check"/> answers a new
/// connection's first request with the status to refuse it with; <see cref="TryAdd"/> is the atomic admission when the
/// connection opens, which also catches clients racing past the check.
/// </summary>
public sealed class ConnectionLimits(IOptions<LimitsOptions> options)
{
    readonly Lock _gate = new();
    readonly Dictionary<string, int> _byUser = [];
    readonly Dictionary<IPAddress, int> _byIp = [];
    int _total;

    public int Total
    {
        get { lock (_gate) return _total; }
    }

    /// <summary>Null when a new connection is welcome, else the status (429 or 503) and why.</summary>
    public (int Status, string Reason)? Check(string user, IPAddress ip)
    {
        var o = options.Value;
        lock (_gate)
        {
            if (_total >= o.ConnectionsPerInstance) return (503, $"This instance holds its maximum of {o.ConnectionsPerInstance} connections.");
            if (_byUser.GetValueOrDefault(user) >= o.ConnectionsPerUser) return (429, $"At most {o.ConnectionsPerUser} real-time connections per user.");
            if (_byIp.GetValueOrDefault(ip) >= o.ConnectionsPerIp) return (429, $"At most {o.ConnectionsPerIp} real-time connections per IP address.");
            return null;
        }
    }

    public bool TryAdd(string user, IPAddress ip)
    {
        lock (_gate)
        {
            if (Check(user, ip) is not null) return false;
            _byUser[user] = _byUser.GetValueOrDefault(user) + 1;
            _byIp[ip] = _byIp.GetValueOrDefault(ip) + 1;
            _total++;
            return true;
        }
    }

    public void Remove(string user, IPAddress ip)
    {
        lock (_gate)
        {
            Decrement(_byUser, user);
            Decrement(_byIp, ip);
            _total--;
        }
    }

    static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull
    {
        if (counts.GetValueOrDefault(key) <= 1) counts.Remove(key);
        else counts[key]--;
    }
}
