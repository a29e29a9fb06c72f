using Sentinela.Server.Identity;

namespace Sentinela.Tests.Unit;

public sealed class CpfTests
{
    [Theory]
    [InlineData("52998224725")]
    [InlineData("529.982.247-25")]
    [InlineData("111.444.777-35")]
    public void Valid_cpfs_are_accepted_with_or_without_punctuation(string text)
    {
        Assert.True(Cpf.TryParse(text, out var cpf));
        Assert.Equal(11, cpf.Digits.Length);
        Assert.All(cpf.Digits, c => Assert.True(char.IsAsciiDigit(c)));
    }

    [Theory]
    [InlineData("52998224724")]   // wrong second check digit
    [InlineData("52998224715")]   // wrong first check digit
    [InlineData("11111111111")]   // repeated digits pass the arithmetic but are not issued
    [InlineData("5299822472")]    // 10 digits
    [InlineData("529982247250")]  // 12 digits
    [InlineData("529.982.247-2a")]
    [InlineData("")]
    [InlineData(null)]
    public void Invalid_cpfs_are_refused(string? text) => Assert.False(Cpf.TryParse(text, out _));

    [Fact]
    public void A_cpf_prints_masked_so_it_never_shows_in_full_by_accident()
    {
        var cpf = Cpf.Parse("529.982.247-25");

        Assert.Equal("***.***.247-**", cpf.ToString());
        Assert.Equal("***.***.247-**", $"{cpf}");
        Assert.Equal("529.982.247-25", cpf.Formatted);
    }
}
