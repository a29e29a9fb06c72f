using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Identity;

/// <summary>Sentinela:Identity — passwords, tokens, login protection and the first administrator.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Sentinela:Identity";

    /// <summary>Argon2id cost; the defaults are OWASP's minimum (19 MiB, 2 passes, 1 lane) and cannot be configured lower.</summary>
    [Range(19 * 1024, 4 * 1024 * 1024)] public int Argon2MemoryKiB { get; set; } = 19 * 1024;
    [Range(2, 100)] public int Argon2Iterations { get; set; } = 2;
    [Range(1, 64)] public int Argon2Parallelism { get; set; } = 1;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Tolerance for clocks of other instances when validating token lifetimes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>HMAC key (base64, ≥ 32 bytes) for access tokens; empty = a random per-deployment key kept in storage.</summary>
    public string SigningKey { get; set; } = "";

    [Required] public string Issuer { get; set; } = "sentinela";

    /// <summary>Failed logins from one IP address before it is blocked.</summary>
    [Range(1, 1000)] public int MaxFailedLogins { get; set; } = 10;
    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan LoginBlock { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a laboratory API key, once found, is trusted without looking it up again; a key revoked through another
    /// instance still works here for up to this long. Zero looks every request's key up.
    /// </summary>
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Created at start-up when no administrator exists; leave empty and use the CLI instead (see README).</summary>
    public InitialAdminOptions InitialAdmin { get; set; } = new();
}

public sealed class InitialAdminOptions
{
    public string Cpf { get; set; } = "";
    public string Name { get; set; } = "Administrador";
    /// <summary>Never a default: set it through an environment variable or a secret store, not appsettings.json.</summary>
    public string Password { get; set; } = "";
}
