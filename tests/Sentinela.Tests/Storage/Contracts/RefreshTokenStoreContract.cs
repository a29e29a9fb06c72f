using Sentinela.Server.Identity;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IRefreshTokenStore: one use per token, decided atomically; revocation by family and by user.</summary>
public abstract class RefreshTokenStoreContract : StorageContract
{
    IRefreshTokenStore Store => Storage.Get<IRefreshTokenStore>();

    // Expiring a week from now, like a real one (a store may drop a token once it has expired).
    static RefreshToken Token(string hash, Guid? family = null, Guid? user = null) =>
        new(hash, family ?? Guid.NewGuid(), user ?? Guid.NewGuid(), At(), WholeMilliseconds(DateTimeOffset.UtcNow.AddDays(7)));

    static DateTimeOffset WholeMilliseconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    [Fact]
    public async Task A_token_is_used_once()
    {
        var token = Token("h1");
        await Store.AddAsync(token, default);
        Assert.Equal(token, await Store.FindAsync("h1", default));

        Assert.True(await Store.TryUseAsync("h1", At(1), default));
        Assert.False(await Store.TryUseAsync("h1", At(2), default));
        Assert.False(await Store.TryUseAsync("unknown", At(2), default));

        Assert.Equal(token with { UsedAt = At(1) }, await Store.FindAsync("h1", default));
    }

    [Fact]
    public async Task Of_concurrent_uses_of_one_token_exactly_one_wins()
    {
        await Store.AddAsync(Token("racing"), default);
        var other = (IRefreshTokenStore)(await Storage.AnotherInstanceAsync()).GetService(typeof(IRefreshTokenStore))!;

        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? Store : other).TryUseAsync("racing", At(i), default)));

        Assert.Single(wins, won => won);
    }

    [Fact]
    public async Task Revoking_a_family_or_a_user_stops_their_unused_tokens()
    {
        var (family, user) = (Guid.NewGuid(), Guid.NewGuid());
        await Store.AddAsync(Token("f1", family), default);
        await Store.AddAsync(Token("f2", family), default);
        await Store.AddAsync(Token("u1", user: user), default);
        await Store.AddAsync(Token("other"), default);

        await Store.RevokeFamilyAsync(family, At(5), default);
        await Store.RevokeUserAsync(user, At(6), default);

        Assert.False(await Store.TryUseAsync("f2", At(7), default));
        Assert.False(await Store.TryUseAsync("u1", At(7), default));
        Assert.Equal(At(5), (await Store.FindAsync("f1", default))!.RevokedAt);
        Assert.Equal(At(6), (await Store.FindAsync("u1", default))!.RevokedAt);
        Assert.True(await Store.TryUseAsync("other", At(7), default));
    }
}
