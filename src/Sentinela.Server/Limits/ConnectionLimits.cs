using System.Net;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Limits;

/// <summary>
/// Admits real-time connections: per user across the deployment (through <see cref="IPresence"/>), per IP and in total
/// on this instance. <see cref="CheckAsync"/> answers a new connection's first request with the status to refuse it with;
/// <see cref="TryAddAsync"/> is the atomic admission when the connection opens, which also catches clients racing past the check.
/// </summary>
public sealed class ConnectionLimits(IPresence presence, IOptions<LimitsOptions> options)
{
    readonly Lock _gate = new();
    readonly Dictionary<IPAddress, int> _byIp = [];
    int _total;

    public int Total
    {
        get { lock (_gate) return _total; }
    }

    /// <summary>Null when a new connection is welcome, else the status (429 or 503) and why.</summary>
    public async ValueTask<(int Status, string Reason)?> CheckAsync(string user, IPAddress ip, CancellationToken ct)
    {
        if (LocalRefusal(ip) is { } refusal) return refusal;
        return await presence.ConnectionsOfAsync(user, ct) >= options.Value.ConnectionsPerUser ? UserRefusal() : null;
    }

    public async ValueTask<bool> TryAddAsync(string user, IPAddress ip, CancellationToken ct)
    {
        lock (_gate)
        {
            if (LocalRefusal(ip) is not null) return false;
            // Reserved before asking the user's count, so concurrent connections cannot overrun this instance's limits.
            _byIp[ip] = _byIp.GetValueOrDefault(ip) + 1;
            _total++;
        }
        if (await presence.TryConnectAsync(user, options.Value.ConnectionsPerUser, ct)) return true;
        RemoveLocal(ip);
        return false;
    }

    public async ValueTask RemoveAsync(string user, IPAddress ip, CancellationToken ct)
    {
        RemoveLocal(ip);
        await presence.DisconnectedAsync(user, ct);
    }

    (int, string)? LocalRefusal(IPAddress ip)
    {
        var o = options.Value;
        lock (_gate)
        {
            if (_total >= o.ConnectionsPerInstance) return (503, $"This instance holds its maximum of {o.ConnectionsPerInstance} connections.");
            if (_byIp.GetValueOrDefault(ip) >= o.ConnectionsPerIp) return (429, $"At most {o.ConnectionsPerIp} real-time connections per IP address.");
            return null;
        }
    }

    (int, string) UserRefusal() => (429, $"At most {options.Value.ConnectionsPerUser} real-time connections per user.");

    void RemoveLocal(IPAddress ip)
    {
        lock (_gate)
        {
            if (_byIp.GetValueOrDefault(ip) <= 1) _byIp.Remove(ip);
            else _byIp[ip]--;
            _total--;
        }
    }
}
