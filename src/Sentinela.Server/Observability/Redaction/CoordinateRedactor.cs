using System.Globalization;

namespace Sentinela.Server.Observability.Redaction;

/// <summary>Rounds a coordinate to 2 decimals (about 1 km), the precision Sentinela stores; anything unreadable becomes "*".</summary>
public sealed class CoordinateRedactor : MappingRedactor
{
    protected override string Map(ReadOnlySpan<char> input) =>
        double.TryParse(input, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture)
            : "*";
}
