using Sentinela.Server.Identity;
using static Sentinela.Server.Storage.Embedded.SqliteCommands;

namespace Sentinela.Server.Storage.Embedded;

public sealed class SqliteRefreshTokenStore(SqliteDatabase database) : IRefreshTokenStore
{
    public async Task AddAsync(RefreshToken t, CancellationToken ct)
    {
        await using var c = database.Open();
        await c.ExecuteAsync("""
            INSERT INTO refresh_tokens (hash, family_id, user_id, issued_at, expires_at) VALUES ($hash, $family, $user, $issued, $expires);
            """, ct, ("$hash", t.Hash), ("$family", t.FamilyId.ToString()), ("$user", t.UserId.ToString()),
            ("$issued", Millis(t.IssuedAt)), ("$expires", Millis(t.ExpiresAt)));
    }

    public async Task<RefreshToken?> FindAsync(string hash, CancellationToken ct)
    {
        await using var c = database.Open();
        return (await c.QueryAsync("""
            SELECT hash, family_id, user_id, issued_at, expires_at, used_at, revoked_at FROM refresh_tokens WHERE hash = $hash;
            """, r => new RefreshToken(r.GetString(0), Guid.Parse(r.GetString(1)), Guid.Parse(r.GetString(2)), r.TimeOrNull(3)!.Value,
            r.TimeOrNull(4)!.Value, r.TimeOrNull(5), r.TimeOrNull(6)), ct, ("$hash", hash))).FirstOrDefault();
    }

    public async Task<bool> TryUseAsync(string hash, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = database.Open();
        // One statement decides the race between two requests presenting the same token.
        return await c.ExecuteAsync("UPDATE refresh_tokens SET used_at = $at WHERE hash = $hash AND used_at IS NULL AND revoked_at IS NULL;", ct,
            ("$at", Millis(at)), ("$hash", hash)) == 1;
    }

    public async Task RevokeFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = database.Open();
        await c.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = $at WHERE family_id = $f AND revoked_at IS NULL;", ct,
            ("$at", Millis(at)), ("$f", familyId.ToString()));
    }

    public async Task RevokeUserAsync(Guid userId, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = database.Open();
        await c.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = $at WHERE user_id = $u AND revoked_at IS NULL;", ct,
            ("$at", Millis(at)), ("$u", userId.ToString()));
    }
}
