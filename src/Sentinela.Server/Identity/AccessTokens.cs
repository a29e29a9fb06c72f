using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Identity;

/// <summary>
/// Issues the short-lived access JWTs (HS256). The key comes from configuration or is a random per-deployment secret kept
/// in storage, so every instance of a deployment signs and validates with the same key without an operator step.
/// </summary>
public sealed class AccessTokens(IOptions<IdentityOptions> options, ISecretStore secrets, TimeProvider time)
{
    public const string Audience = "sentinela";

    readonly Lazy<SymmetricSecurityKey> _key = new(() =>
    {
        var configured = options.Value.SigningKey;
        var bytes = string.IsNullOrEmpty(configured) ? secrets.GetOrCreateSecret("jwt-signing-key") : Convert.FromBase64String(configured);
        if (bytes.Length < 32) throw new InvalidOperationException("Sentinela:Identity:SigningKey must be at least 32 bytes (base64).");
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] };
    });

    public SecurityKey Key => _key.Value;

    public (string Token, DateTimeOffset ExpiresAt) Issue(UserAccount user)
    {
        var now = time.GetUtcNow();
        var expires = now + options.Value.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [SentinelaClaims.Subject] = user.Id.ToString(),
            [SentinelaClaims.Role] = user.Role.ClaimValue(),
            [SentinelaClaims.Jurisdiction] = user.Jurisdiction.ToString(),
            [SentinelaClaims.Name] = user.Name,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (user.LabId is { } lab) claims[SentinelaClaims.Lab] = lab.ToString();
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = options.Value.ClockSkew,
        NameClaimType = SentinelaClaims.Subject,
        RoleClaimType = SentinelaClaims.Role,
    };

    /// <summary>When a validated principal's access token runs out (the "exp" claim), for checks on long-lived connections.</summary>
    public static DateTimeOffset? ExpiryOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Exp), out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;
}
