using Sentinela.Server.Identity;
using StackExchange.Redis;

namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// Refresh tokens in Redis, each expiring with the token. A token is three keys in its own slot (hash tag = its hash):
/// the entry (MessagePack), "used" and "revoked", so one script decides a use atomically — of two instances redeeming
/// one token at once, exactly one wins. A family is a set of token hashes plus a "revoked" flag; revoking sets the flag
/// first, then marks every member, and adding a token checks the flag after joining the set, so a token issued while
/// its family is being revoked cannot slip through (no cross-slot transaction needed). A user is a set of family ids.
/// <para>
/// While Redis does not answer, every call throws at once (no wait for a timeout) and login and refresh answer 503 with
/// Retry-After (<see cref="StorageOutageMiddleware"/>): a token can be neither issued nor rotated without the store that
/// detects its reuse, and issuing access tokens with no refresh token would break clients that expect one. Access tokens
/// already issued keep working until they expire, and so do ingestion (API keys), REST and the hub.
/// </para>
/// </summary>
public sealed class RedisRefreshTokenStore(IConnectionMultiplexer redis, TimeProvider time) : IRefreshTokenStore
{
    static readonly LuaScript Use = LuaScript.Prepare("""
        if redis.call('EXISTS', @revoked) == 1 then return 0 end
        local ttl = redis.call('PTTL', @entry)
        if ttl <= 0 then return 0 end
        if redis.call('SET', @used, @at, 'NX', 'PX', ttl) then return 1 end
        return 0
        """);

    static readonly LuaScript Revoke = LuaScript.Prepare("""
        local ttl = redis.call('PTTL', @entry)
        if ttl > 0 then redis.call('SET', @revoked, @at, 'NX', 'PX', ttl) end
        """);

    // Adds a member and extends the set's expiry to the member's (never shortens it).
    const string AddMember = """
        redis.call('SADD', @set, @member)
        if redis.call('PTTL', @set) < tonumber(@ttl) then redis.call('PEXPIRE', @set, @ttl) end
        """;

    static readonly LuaScript JoinUser = LuaScript.Prepare(AddMember);

    // Returns the family's revoked time, if it is revoked.
    static readonly LuaScript JoinFamily = LuaScript.Prepare(AddMember + "\nreturn redis.call('GET', @revoked)");

    static readonly LuaScript RevokeFamily = LuaScript.Prepare("""
        local ttl = redis.call('PTTL', @set)
        if ttl > 0 then redis.call('SET', @revoked, @at, 'NX', 'PX', ttl) end
        return redis.call('SMEMBERS', @set)
        """);

    public async Task AddAsync(RefreshToken t, CancellationToken ct)
    {
        var ttl = t.ExpiresAt - time.GetUtcNow();
        // An expired token could never be redeemed; there is nothing to keep.
        if (ttl <= TimeSpan.Zero) return;
        var db = Database();
        RedisKey[] tokenKeys = [RedisKeys.RefreshToken(t.Hash), RedisKeys.RefreshTokenUsed(t.Hash), RedisKeys.RefreshTokenRevoked(t.Hash)];
        var batch = db.CreateTransaction();
        _ = batch.StringSetAsync(tokenKeys[0], RefreshTokenEntry.From(t).Serialize(), ttl);
        if (t.UsedAt is { } used) _ = batch.StringSetAsync(tokenKeys[1], used.UtcTicks, ttl);
        if (t.RevokedAt is { } revoked) _ = batch.StringSetAsync(tokenKeys[2], revoked.UtcTicks, ttl);
        await batch.ExecuteAsync();

        var ttlMs = (long)ttl.TotalMilliseconds;
        var familyRevoked = await db.ScriptEvaluateAsync(JoinFamily, new
        {
            set = (RedisKey)RedisKeys.RefreshFamily(t.FamilyId),
            revoked = (RedisKey)RedisKeys.RefreshFamilyRevoked(t.FamilyId),
            member = t.Hash,
            ttl = ttlMs,
        });
        if (!familyRevoked.IsNull) await RevokeTokenAsync(db, t.Hash, new DateTimeOffset((long)familyRevoked, TimeSpan.Zero));
        await db.ScriptEvaluateAsync(JoinUser, new { set = (RedisKey)RedisKeys.RefreshUser(t.UserId), member = t.FamilyId.ToString(), ttl = ttlMs });
    }

    public async Task<RefreshToken?> FindAsync(string hash, CancellationToken ct)
    {
        // One slot: MGET is one round trip on a Cluster too.
        var values = await Database().StringGetAsync(
            [RedisKeys.RefreshToken(hash), RedisKeys.RefreshTokenUsed(hash), RedisKeys.RefreshTokenRevoked(hash)]);
        if (values[0].IsNull) return null;
        var entry = RefreshTokenEntry.Deserialize((byte[])values[0]!);
        return new RefreshToken(hash, entry.FamilyId, entry.UserId, entry.IssuedAt, entry.ExpiresAt, TimeOf(values[1]), TimeOf(values[2]));
    }

    public async Task<bool> TryUseAsync(string hash, DateTimeOffset at, CancellationToken ct) =>
        (int)await Database().ScriptEvaluateAsync(Use, new
        {
            entry = (RedisKey)RedisKeys.RefreshToken(hash),
            used = (RedisKey)RedisKeys.RefreshTokenUsed(hash),
            revoked = (RedisKey)RedisKeys.RefreshTokenRevoked(hash),
            at = at.UtcTicks,
        }) == 1;

    public async Task RevokeFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken ct)
    {
        var db = Database();
        var members = (RedisValue[])(await db.ScriptEvaluateAsync(RevokeFamily, new
        {
            set = (RedisKey)RedisKeys.RefreshFamily(familyId),
            revoked = (RedisKey)RedisKeys.RefreshFamilyRevoked(familyId),
            at = at.UtcTicks,
        }))!;
        foreach (var hash in members) await RevokeTokenAsync(db, hash!, at);
    }

    public async Task RevokeUserAsync(Guid userId, DateTimeOffset at, CancellationToken ct)
    {
        foreach (var family in await Database().SetMembersAsync(RedisKeys.RefreshUser(userId)))
            await RevokeFamilyAsync(Guid.Parse(family.ToString()), at, ct);
    }

    static Task RevokeTokenAsync(IDatabase db, string hash, DateTimeOffset at) => db.ScriptEvaluateAsync(Revoke, new
    {
        entry = (RedisKey)RedisKeys.RefreshToken(hash),
        revoked = (RedisKey)RedisKeys.RefreshTokenRevoked(hash),
        at = at.UtcTicks,
    });

    static DateTimeOffset? TimeOf(RedisValue ticks) => ticks.IsNull ? null : new DateTimeOffset((long)ticks, TimeSpan.Zero);

    /// <summary>Fails at once while disconnected, rather than after the command timeout, so login and refresh answer 503 promptly.</summary>
    IDatabase Database() => redis.IsConnected
        ? redis.GetDatabase()
        : throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "Redis is not connected; refresh tokens are unavailable.");
}
