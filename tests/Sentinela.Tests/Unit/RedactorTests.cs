using Microsoft.Extensions.Compliance.Redaction;
using Sentinela.Server.Observability.Redaction;

namespace Sentinela.Tests.Unit;

public sealed class RedactorTests
{
    [Theory]
    [InlineData("52998224725", "***.***.247-**")]
    [InlineData("529.982.247-25", "***.***.247-**")]
    [InlineData("not a cpf", "***")]
    [InlineData("", "")]
    public void Cpf_redactor_keeps_only_digits_7_to_9(string input, string expected) =>
        Assert.Equal(expected, new CpfRedactor().Redact(input));

    [Theory]
    [InlineData("-19.931234", "-19.93")]
    [InlineData("-44.056", "-44.06")]
    [InlineData("3", "3")]
    [InlineData("NaN", "*")]
    [InlineData("rua das flores", "*")]
    public void Coordinate_redactor_rounds_to_two_decimals(string input, string expected) =>
        Assert.Equal(expected, new CoordinateRedactor().Redact(input));
}
