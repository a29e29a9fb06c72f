using Microsoft.Extensions.Options;
using Sentinela.Server.Identity;

namespace Sentinela.Tests.Unit;

public sealed class PasswordHasherTests
{
    static PasswordHasher Hasher(int memoryKiB = 19 * 1024, int iterations = 2) =>
        new(Options.Create(new IdentityOptions { Argon2MemoryKiB = memoryKiB, Argon2Iterations = iterations }));

    [Fact]
    public void A_hash_is_argon2id_in_phc_format_with_its_parameters_and_a_random_salt()
    {
        var hasher = Hasher();

        var first = hasher.Hash("correct horse battery staple");
        var second = hasher.Hash("correct horse battery staple");

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", first);
        Assert.NotEqual(first, second);
        Assert.True(hasher.Verify("correct horse battery staple", first));
        Assert.True(hasher.Verify("correct horse battery staple", second));
        Assert.False(hasher.Verify("correct horse battery stapl", first));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")]
    [InlineData("$argon2id$v=19$m=0,t=2,p=1$c2FsdA$aGFzaA")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$not base64!$aGFzaA")]
    [InlineData("plain text password")]
    public void A_malformed_stored_hash_never_verifies(string stored) => Assert.False(Hasher().Verify("anything", stored));

    [Fact]
    public void Hashes_made_with_a_lower_cost_still_verify_and_ask_for_a_rehash()
    {
        var old = Hasher().Hash("senha antiga e longa");
        var stronger = Hasher(memoryKiB: 32 * 1024, iterations: 3);

        Assert.True(stronger.Verify("senha antiga e longa", old));
        Assert.True(stronger.NeedsRehash(old));
        Assert.False(stronger.NeedsRehash(stronger.Hash("senha antiga e longa")));
    }

    [Fact]
    public void The_configured_cost_cannot_go_below_the_owasp_minimum()
    {
        var tooWeak = new IdentityOptions { Argon2MemoryKiB = 8 * 1024, Argon2Iterations = 1 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(tooWeak, new(tooWeak), results, validateAllProperties: true));
        Assert.Equal(2, results.Count);
    }
}
