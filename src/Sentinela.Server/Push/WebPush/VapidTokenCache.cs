using System.Collections.Concurrent;
using Lib.Net.Http.WebPush.Authentication;

namespace Sentinela.Server.Push.WebPush;

/// <summary>
/// One VAPID JWT per push service origin, reused until shortly before it expires: without a cache the library signs a
/// fresh ES256 token for every message.
/// </summary>
internal sealed class VapidTokenCache(TimeProvider clock) : IVapidTokenCache
{
    /// <summary>A token this close to expiring is signed again, so one never expires in flight or on a skewed clock.</summary>
    static readonly TimeSpan Margin = TimeSpan.FromMinutes(10);

    readonly ConcurrentDictionary<string, (DateTimeOffset Expiration, string Token)> _tokens = new();

    public void Put(string audience, DateTimeOffset expiration, string token) => _tokens[audience] = (expiration, token);

    public string? Get(string audience) =>
        _tokens.TryGetValue(audience, out var cached) && cached.Expiration - Margin > clock.GetUtcNow() ? cached.Token : null;
}
