using System.Globalization;
using Microsoft.Extensions.Compliance.Redaction;

namespace Sentinela.Server.Observability.Redaction;

/// <summary>Rounds a coordinate to 2 decimals (about 1 km), the precision Sentinela stores; anything unreadable becomes "*".</summary>
public sealed class CoordinateRedactor : Redactor
{
    public override int GetRedactedLength(ReadOnlySpan<char> input) => Coarse(input).Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var coarse = Coarse(source);
        coarse.CopyTo(destination);
        return coarse.Length;
    }

    static string Coarse(ReadOnlySpan<char> input) =>
        double.TryParse(input, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture)
            : "*";
}
