using Sentinela.Server.Identity;

namespace Sentinela.Server.Storage.Distributed;

public sealed class PostgresRefreshTokenStore(PostgresDatabase database) : IRefreshTokenStore
{
    public async Task AddAsync(RefreshToken t, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("""
            INSERT INTO refresh_tokens (hash, family_id, user_id, issued_at, expires_at) VALUES (@hash, @family, @user, @issued, @expires);
            """, ct, ("hash", t.Hash), ("family", t.FamilyId), ("user", t.UserId), ("issued", t.IssuedAt), ("expires", t.ExpiresAt));
    }

    public async Task<RefreshToken?> FindAsync(string hash, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync("""
            SELECT hash, family_id, user_id, issued_at, expires_at, used_at, revoked_at FROM refresh_tokens WHERE hash = @hash;
            """, r => new RefreshToken(r.GetString(0), r.GetGuid(1), r.GetGuid(2), r.Time(3), r.Time(4), r.TimeOrNull(5), r.TimeOrNull(6)),
            ct, ("hash", hash))).FirstOrDefault();
    }

    public async Task<bool> TryUseAsync(string hash, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        // One statement decides the race: a second UPDATE waits for the first's row lock, then re-checks used_at and matches nothing.
        return await c.ExecuteAsync("UPDATE refresh_tokens SET used_at = @at WHERE hash = @hash AND used_at IS NULL AND revoked_at IS NULL;", ct,
            ("at", at), ("hash", hash)) == 1;
    }

    public async Task RevokeFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = @at WHERE family_id = @f AND revoked_at IS NULL;", ct, ("at", at), ("f", familyId));
    }

    public async Task RevokeUserAsync(Guid userId, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = @at WHERE user_id = @u AND revoked_at IS NULL;", ct, ("at", at), ("u", userId));
    }
}
