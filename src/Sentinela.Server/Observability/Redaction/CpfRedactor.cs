using Sentinela.Server.Identity;

namespace Sentinela.Server.Observability.Redaction;

/// <summary>Keeps digits 7–9 of a CPF, enough for a support desk to tell users apart, and nothing that identifies one.</summary>
public sealed class CpfRedactor : MappingRedactor
{
    protected override string Map(ReadOnlySpan<char> input)
    {
        Span<char> digits = stackalloc char[11];
        var n = 0;
        foreach (var c in input)
            if (char.IsAsciiDigit(c) && n < 11) digits[n++] = c;
        return Cpf.Mask(n == 11 ? new string(digits) : "");
    }
}
