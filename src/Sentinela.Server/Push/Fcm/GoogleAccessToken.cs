using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Sentinela.Server.Push.Fcm;

/// <summary>
/// An OAuth 2.0 access token for FCM, obtained with a service account's signed JWT assertion (RFC 7523) and reused
/// until shortly before it expires. One exchange at a time, so a burst of sends does not ask Google many times.
/// </summary>
internal sealed class GoogleAccessToken(ServiceAccount account, TimeProvider clock)
{
    const string Scope = "https://www.googleapis.com/auth/firebase.messaging";
    const string GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>Google's tokens live an hour; renewing this much earlier keeps a slow send from carrying a stale one.</summary>
    static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(5);

    readonly SemaphoreSlim _exchange = new(1, 1);
    string? _token;
    DateTimeOffset _renewAt;

    /// <summary>The cached token, or a new one; a failed exchange is returned as the call that failed.</summary>
    public async Task<(string? Token, ProviderCall Failure)> GetAsync(HttpClient client, ProviderCircuit circuit, CancellationToken ct)
    {
        await _exchange.WaitAsync(ct);
        try
        {
            if (_token is not null && clock.GetUtcNow() < _renewAt) return (_token, default);
            var issuedAt = clock.GetUtcNow();
            var call = await ProviderCall.SendAsync(circuit, client, () => new HttpRequestMessage(HttpMethod.Post, account.TokenUri)
            {
                Content = new FormUrlEncodedContent([new("grant_type", GrantType), new("assertion", Assertion(issuedAt))]),
            }, ct);
            if (call.Response is null) return (null, call);
            using var response = call.Response;
            var body = await ProviderResponse.ReadJsonAsync(response, PushJsonContext.Default.GoogleTokenResponse, ct);
            if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(body?.AccessToken) || body.ExpiresIn <= 0)
                return (null, new ProviderCall(null, $"fcm-oauth-{(int)response.StatusCode}", ProviderResponse.RetryAfter(response, clock), false, circuit.Provider));
            _token = body.AccessToken;
            _renewAt = issuedAt + TimeSpan.FromSeconds(body.ExpiresIn) - RenewBeforeExpiry;
            return (_token, default);
        }
        finally
        {
            _exchange.Release();
        }
    }

    /// <summary>FCM said the token is no good (revoked, clock skew): the next send exchanges a new one.</summary>
    public void Invalidate(string token) => Interlocked.CompareExchange(ref _token, null, token);

    string Assertion(DateTimeOffset issuedAt) => JsonWebSignature.Create(
        new RsaSecurityKey(account.Key) { KeyId = string.IsNullOrEmpty(account.PrivateKeyId) ? null : account.PrivateKeyId },
        SecurityAlgorithms.RsaSha256,
        new Dictionary<string, object>
        {
            ["iss"] = account.ClientEmail,
            ["scope"] = Scope,
            ["aud"] = account.TokenUri,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = issuedAt.AddHours(1).ToUnixTimeSeconds(),
        });
}
