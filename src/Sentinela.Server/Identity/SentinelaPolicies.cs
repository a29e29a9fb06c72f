using Microsoft.AspNetCore.Authorization;

namespace Sentinela.Server.Identity;

/// <summary>Authorisation policies by role; where within a jurisdiction is decided by the data each endpoint reads.</summary>
public static class SentinelaPolicies
{
    /// <summary>Health managers: read and receive alerts within their jurisdiction.</summary>
    public const string ReadAlerts = "alerts:read";
    /// <summary>Laboratories (API key or laboratory user): submit hemograms.</summary>
    public const string SubmitHemograms = "hemograms:submit";
    public const string Administer = "admin";
    /// <summary>Stored hemograms: health managers within their jurisdiction, and the laboratory that submitted them.</summary>
    public const string ReadHemograms = "hemograms:read";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(ReadAlerts, p => p.RequireAuthenticatedUser().RequireClaim(SentinelaClaims.Jurisdiction)
            .RequireRole(Role.Admin.ClaimValue(), Role.StateCoordinator.ClaimValue(), Role.MunicipalManager.ClaimValue()));
        options.AddPolicy(SubmitHemograms, p => p.RequireAuthenticatedUser().RequireClaim(SentinelaClaims.Lab)
            .RequireRole(Role.Laboratory.ClaimValue()));
        options.AddPolicy(Administer, p => p.RequireAuthenticatedUser().RequireRole(Role.Admin.ClaimValue()));
        options.AddPolicy(ReadHemograms, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
            c.User.HasClaim(x => x.Type == SentinelaClaims.Jurisdiction) && c.User.RoleOf() is Role.Admin or Role.StateCoordinator or Role.MunicipalManager
            || c.User.LabOf() is not null && c.User.RoleOf() == Role.Laboratory));
    }
}
