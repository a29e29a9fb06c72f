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
        var user = Cpf.TryParse(cpfText, out var cpf) ? await accounts.FindUserAsync(cpf, ct) : null;
        var valid = password is { Length: > 0 and <= PasswordHasher.MaxPasswordLength } && user is { Disabled: false }
            ? passwords.Verify(password, user.PasswordHash)
            : Spend(password);
        if (!valid)
        {
            IdentityLog.LoginFailed(logger, cpfForLog, ip.ToString());
            audit.Record(AuditActions.LoginFailed, user?.Id.ToString(), user?.Role.ClaimValue(), ip.ToString());
            if (!await throttle.FailedAsync(ip, ct)) return LoginResult.Invalid;
            IdentityLog.IpBlocked(logger, ip.ToString(), options.Value.LoginBlock.TotalMinutes, cpfForLog);
            audit.Record(AuditActions.LoginBlocked, null, null, ip.ToString(), detail: $"{options.Value.MaxFailedLogins} failed logins");
            return LoginResult.Invalid;
        }
        if (passwords.NeedsRehash(user!.PasswordHash)) await accounts.SetPasswordHashAsync(user.Id, passwords.Hash(password!), ct);
        IdentityLog.LoggedIn(logger, cpfForLog, ip.ToString());
        audit.Record(AuditActions.LoginSucceeded, user.Id.ToString(), user.Role.ClaimValue(), ip.ToString());
        return LoginResult.Success(await IssueAsync(user, Guid.NewGuid(), ct));
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
    bool Spend(string? password)
    {
        passwords.VerifyNothing((password ?? "")[..Math.Min(password?.Length ?? 0, PasswordHasher.MaxPasswordLength)]);
        return false;
    }
}

public sealed record LoginResult(SessionTokens? Tokens, TimeSpan? RetryAfter)
{
    public static LoginResult Invalid { get; } = new(null, null);
    public static LoginResult Success(SessionTokens tokens) => new(tokens, null);
    public static LoginResult Blocked(TimeSpan retryAfter) => new(null, retryAfter);
}
