using System.Net;

namespace Sentinela.Server.Identity;

/// <summary>
/// Failed logins per client IP; at the limit the IP is blocked for a while. Embedded: in memory; distributed: Redis, so
/// an attacker spreading guesses over several instances meets one count.
/// </summary>
public interface ILoginThrottle
{
    /// <summary>How long the IP stays blocked, or null when it may try.</summary>
    ValueTask<TimeSpan?> BlockedForAsync(IPAddress ip, CancellationToken ct);

    /// <summary>Counts a failure; true when this failure reached the limit and blocked the IP.</summary>
    ValueTask<bool> FailedAsync(IPAddress ip, CancellationToken ct);
}
