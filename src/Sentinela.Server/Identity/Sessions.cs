using System.Net;
using Microsoft.Extensions.Options;
using Sentinela.Server.Audit;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Identity;

/// <summary>
/// Login, refresh and logout. A login starts a token family; every refresh uses its token once and issues the next one
/// in the family; presenting a used (or revoked) token again means it was stolen or replayed, so the whole family is
/// revoked and both holders must log in again.
/// </summary>
public sealed class Sessions(
    IAccountStore accounts,
    IRefreshTokenStore refreshTokens,
    PasswordHasher passwords,
    AccessTokens accessTokens,
    ILoginThrottle throttle,
    AuditTrail audit,
    IOptions<IdentityOptions> options,
    TimeProvider time,
    ILogger<Sessions> logger)
{
    public async Task<LoginResult> LoginAsync(string? cpfText, string? password, IPAddress ip, CancellationToken ct)
    {
        if (await throttle.BlockedForAsync(ip, ct) is { } left) return LoginResult.Blocked(left);
        var cpfForLog = cpfText ?? "";
        if (string.IsNullOrEmpty(cpfText) || string.IsNullOrEmpty(password))
        {
            // Nothing to verify (and nothing to hash: Argon2 refuses an empty password), but still an attempt from this
            // address: a script posting empty forms is blocked like one guessing.
            await FailedAsync(null, cpfForLog, ip, ct);
            return LoginResult.Incomplete;
        }
        var user = Cpf.TryParse(cpfText, out var cpf) ? await accounts.FindUserAsync(cpf, ct) : null;
        var valid = password.Length <= PasswordHasher.MaxPasswordLength && user is { Disabled: false }
            ? passwords.Verify(password, user.PasswordHash)
            : Spend(password);
        if (!valid)
        {
            await FailedAsync(user, cpfForLog, ip, ct);
            return LoginResult.Invalid;
        }
        if (passwords.NeedsRehash(user!.PasswordHash)) await accounts.SetPasswordHashAsync(user.Id, passwords.Hash(password), ct);
        IdentityLog.LoggedIn(logger, cpfForLog, ip.ToString());
        audit.Record(AuditActions.LoginSucceeded, user.Id.ToString(), user.Role.ClaimValue(), ip.ToString());
        return LoginResult.Success(await IssueAsync(user, Guid.NewGuid(), ct));
    }

    /// <summary>Logs, audits and counts a failed login toward the address's block.</summary>
    async Task FailedAsync(UserAccount? user, string cpfForLog, IPAddress ip, CancellationToken ct)
    {
        IdentityLog.LoginFailed(logger, cpfForLog, ip.ToString());
        audit.Record(AuditActions.LoginFailed, user?.Id.ToString(), user?.Role.ClaimValue(), ip.ToString());
        if (!await throttle.FailedAsync(ip, ct)) return;
        IdentityLog.IpBlocked(logger, ip.ToString(), options.Value.LoginBlock.TotalMinutes, cpfForLog);
        audit.Record(AuditActions.LoginBlocked, null, null, ip.ToString(), detail: $"{options.Value.MaxFailedLogins} failed logins");
    }

    /// <summary>Null when the token is unknown, expired, revoked or already used (which revokes its family: a replay).</summary>
    public async Task<SessionTokens?> RefreshAsync(string? token, IPAddress ip, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200) return null;
        var hash = SecretTokens.HashOf(token);
        if (await refreshTokens.FindAsync(hash, ct) is not { } stored || stored.RevokedAt is not null) return null;
        var now = time.GetUtcNow();
        if (stored.UsedAt is not null || !await refreshTokens.TryUseAsync(hash, now, ct))
        {
            await refreshTokens.RevokeFamilyAsync(stored.FamilyId, now, ct);
            IdentityLog.RefreshTokenReused(logger, token, stored.FamilyId, stored.UserId);
            audit.Record(AuditActions.TokenReused, stored.UserId.ToString(), null, ip.ToString(), detail: $"family {stored.FamilyId} revoked");
            return null;
        }
        if (stored.ExpiresAt <= now) return null;
        if (await accounts.GetUserAsync(stored.UserId, ct) is not { Disabled: false } user)
        {
            await refreshTokens.RevokeFamilyAsync(stored.FamilyId, now, ct);
            return null;
        }
        audit.Record(AuditActions.TokenRefreshed, user.Id.ToString(), user.Role.ClaimValue(), ip.ToString());
        return await IssueAsync(user, stored.FamilyId, ct);
    }

    /// <summary>Revokes the session the refresh token belongs to; false when the token is unknown.</summary>
    public async Task<bool> LogoutAsync(string? token, IPAddress ip, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200) return false;
        if (await refreshTokens.FindAsync(SecretTokens.HashOf(token), ct) is not { RevokedAt: null } stored) return false;
        await refreshTokens.RevokeFamilyAsync(stored.FamilyId, time.GetUtcNow(), ct);
        IdentityLog.LoggedOut(logger, stored.UserId);
        audit.Record(AuditActions.Logout, stored.UserId.ToString(), null, ip.ToString());
        return true;
    }

    async Task<SessionTokens> IssueAsync(UserAccount user, Guid family, CancellationToken ct)
    {
        var (access, accessExpires) = accessTokens.Issue(user);
        var refresh = SecretTokens.New("rt_");
        var now = time.GetUtcNow();
        var refreshExpires = now + options.Value.RefreshTokenLifetime;
        await refreshTokens.AddAsync(new RefreshToken(SecretTokens.HashOf(refresh), family, user.Id, now, refreshExpires), ct);
        return new SessionTokens(access, accessExpires, refresh, refreshExpires, UserView.From(user));
    }

    /// <summary>An unknown CPF costs as much as a wrong password, so response times do not tell which CPFs have accounts.</summary>
    bool Spend(string password)
    {
        passwords.VerifyNothing(password[..Math.Min(password.Length, PasswordHasher.MaxPasswordLength)]);
        return false;
    }
}

public sealed record LoginResult(SessionTokens? Tokens, TimeSpan? RetryAfter, bool IsIncomplete = false)
{
    public static LoginResult Invalid { get; } = new(null, null);

    /// <summary>The CPF or the password is missing: a malformed request (400), counted as a failed attempt.</summary>
    public static LoginResult Incomplete { get; } = new(null, null, IsIncomplete: true);
    public static LoginResult Success(SessionTokens tokens) => new(tokens, null);
    public static LoginResult Blocked(TimeSpan retryAfter) => new(null, retryAfter);
}
