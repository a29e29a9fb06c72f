using Microsoft.Extensions.Compliance.Redaction;
using Sentinela.Server.Identity;

namespace Sentinela.Server.Observability.Redaction;

/// <summary>Keeps digits 7–9 of a CPF, enough for a support desk to tell users apart, and nothing that identifies one.</summary>
public sealed class CpfRedactor : Redactor
{
    public override int GetRedactedLength(ReadOnlySpan<char> input) => Masked(input).Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var masked = Masked(source);
        masked.CopyTo(destination);
        return masked.Length;
    }

    static string Masked(ReadOnlySpan<char> input)
    {
        Span<char> digits = stackalloc char[11];
        var n = 0;
        foreach (var c in input)
            if (char.IsAsciiDigit(c) && n < 11) digits[n++] = c;
        return Cpf.Mask(n == 11 ? new string(digits) : "");
    }
}
