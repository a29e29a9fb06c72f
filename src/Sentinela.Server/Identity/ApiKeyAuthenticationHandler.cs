using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Identity;

/// <summary>
/// Laboratories authenticate with a per-lab API key in the X-Api-Key header. ASP.NET Core ships no API-key scheme, so
/// this small handler looks the key's hash up (through <see cref="ApiKeyCache"/>) and builds a laboratory principal. A static header is what a FHIR server's
/// Subscription (channel.header) can send on every rest-hook notification, which rules out short-lived tokens there.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyCache keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[Header].ToString();
        if (key.Length == 0) return AuthenticateResult.NoResult();
        if (key.Length > 200 || await keys.FindAsync(SecretTokens.HashOf(key), Context.RequestAborted) is not { } found)
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        var identity = new ClaimsIdentity(
            [
                new Claim(SentinelaClaims.Subject, found.Lab.Id.ToString()),
                new Claim(SentinelaClaims.Role, Role.Laboratory.ClaimValue()),
                new Claim(SentinelaClaims.Lab, found.Lab.Id.ToString()),
                new Claim(SentinelaClaims.Name, found.Lab.Name),
                new Claim("key", found.Key.KeyId),
            ], SchemeName, SentinelaClaims.Subject, SentinelaClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
