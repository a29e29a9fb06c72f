using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Sentinela.Server.Push.Apns;

/// <summary>
/// The ES256 provider token APNs expects in every request's authorization header. One token is reused for
/// <see cref="ApnsOptions.TokenLifetime"/> (Apple refuses tokens older than an hour and new ones more often than every
/// 20 minutes), or replaced at once when Apple answers ExpiredProviderToken.
/// </summary>
internal sealed class ApnsProviderToken(string teamId, string keyId, ECDsa key, TimeSpan lifetime, TimeProvider clock)
{
    readonly Lock _lock = new();
    string? _token;
    DateTimeOffset _issuedAt;

    public string Current()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_token is null || now - _issuedAt >= lifetime)
            {
                _issuedAt = now;
                _token = JsonWebSignature.Create(new ECDsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256,
                    new Dictionary<string, object> { ["iss"] = teamId, ["iat"] = now.ToUnixTimeSeconds() });
            }
            return _token;
        }
    }

    public void Expired(string token)
    {
        lock (_lock)
            if (_token == token) _token = null;
    }
}
