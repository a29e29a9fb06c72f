using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sentinela.Server.Push;

/// <summary>Signed JWTs for the provider credentials (RS256 for Google's OAuth assertion, ES256 for APNs), by IdentityModel.</summary>
internal static class JsonWebSignature
{
    // Only the claims each provider asks for: APNs refuses tokens with claims it does not expect, like "exp".
    static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Create(SecurityKey key, string algorithm, IDictionary<string, object> claims) =>
        Handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = new SigningCredentials(key, algorithm) });
}
