using System.Globalization;
using System.Text;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Alerts.Evidence;

/// <summary>
/// The de-identified line list of an alert's evidence as CSV (RFC 4180, UTF-8, CRLF): one row per hemogram with no
/// record or patient identifier, no lab, sex or age band — only the municipality, a coordinate rounded to 0.01° (about
/// 1 km), the collection and receipt dates, the alert's value, the findings, the result status and where the location
/// came from. Hand-written because RFC 4180 is a dozen lines and a CSV library would add a dependency for them.
/// </summary>
public static class EvidenceCsv
{
    public const string Header = "row,municipality_code,latitude,longitude,collected_date,received_date,parameter,value,unit,findings,status,location_source";

    public static string Write(OutbreakAlert alert, IEnumerable<Hemogram> evidence)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        var row = 0;
        foreach (var h in evidence)
        {
            string?[] cells =
            [
                (++row).ToString(CultureInfo.InvariantCulture),
                h.MunicipalityCode.ToString(CultureInfo.InvariantCulture),
                Coarse(h.Location.Latitude),
                Coarse(h.Location.Longitude),
                Date(h.CollectedAt),
                Date(h.ReceivedAt),
                alert.Parameter?.ApiName(),
                alert.Parameter is { } p && h.ValueOf(p) is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : null,
                alert.Parameter?.CanonicalUnit(),
                string.Join(';', h.Findings.Select(f => $"{f.Parameter.ApiName()} {f.Direction.ToString().ToLowerInvariant()}")),
                h.Status.ToString().ToLowerInvariant(),
                h.LocationSource.ToString(),
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>
    /// One field, safe to open in a spreadsheet: text that a spreadsheet would run as a formula (starting with = + - @,
    /// tab or CR) gets a leading apostrophe (OWASP's CSV-injection advice); numbers stay numbers; quotes as RFC 4180 asks.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    static string Coarse(double degrees) => Math.Round(degrees, 2).ToString("0.00", CultureInfo.InvariantCulture);

    static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
