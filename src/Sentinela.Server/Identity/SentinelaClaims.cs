using System.Security.Claims;

namespace Sentinela.Server.Identity;

/// <summary>The claims Sentinela puts in access tokens (and API-key principals), and how to read them back.</summary>
public static class SentinelaClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Jurisdiction = "jur";
    public const string Lab = "lab";
    public const string Name = "name";

    public static string ClaimValue(this Role role) => role switch
    {
        Identity.Role.Admin => "admin",
        Identity.Role.StateCoordinator => "stateCoordinator",
        Identity.Role.MunicipalManager => "municipalManager",
        _ => "laboratory",
    };

    public static Role? RoleOf(this ClaimsPrincipal user) =>
        Enum.GetValues<Role>().Cast<Role?>().FirstOrDefault(r => r!.Value.ClaimValue() == user.FindFirstValue(Role));

    /// <summary>The account id: a user's, or a lab's for API-key callers.</summary>
    public static string? SubjectOf(this ClaimsPrincipal user) => user.FindFirstValue(Subject);

    public static Jurisdiction? JurisdictionOf(this ClaimsPrincipal user) =>
        Identity.Jurisdiction.TryParse(user.FindFirstValue(Jurisdiction), out var j) ? j : null;

    public static Guid? LabOf(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(Lab), out var id) ? id : null;
}
