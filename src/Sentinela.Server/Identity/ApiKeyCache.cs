using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Identity;

/// <summary>
/// Laboratory API keys seen lately, so a lab's POST does not look its key up in storage every time (on PostgreSQL that
/// was a round trip and a pooled connection per hemogram). Only keys that were found are kept, for
/// <see cref="IdentityOptions.ApiKeyCacheDuration"/> at most: a key revoked through this instance is forgotten at once,
/// one revoked through another instance (or a lab disabled in storage) stops working here within that duration.
/// </summary>
public sealed class ApiKeyCache(IAccountStore accounts, IOptions<IdentityOptions> options) : IDisposable
{
    // Bounded so that a flood of distinct valid keys cannot grow it without limit; misses are never cached.
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public async Task<(Laboratory Lab, LabApiKey Key)?> FindAsync(string hash, CancellationToken ct)
    {
        if (_cache.TryGetValue(hash, out (Laboratory, LabApiKey) cached)) return cached;
        if (await accounts.FindApiKeyAsync(hash, ct) is not { } found) return null;
        var duration = options.Value.ApiKeyCacheDuration;
        if (duration > TimeSpan.Zero)
        {
            var entry = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = duration, Size = 1 };
            _cache.Set(hash, found, entry);
            _cache.Set(KeyIdEntry(found.Key.KeyId), hash, entry);
        }
        return found;
    }

    /// <summary>Stops trusting a key now (it was revoked through this instance).</summary>
    public void Forget(string keyId)
    {
        if (_cache.TryGetValue(KeyIdEntry(keyId), out string? hash) && hash is not null) _cache.Remove(hash);
    }

    static string KeyIdEntry(string keyId) => "key-id:" + keyId;

    public void Dispose() => _cache.Dispose();

}
