using System.Globalization;

namespace Sentinela.Server.Alerts;

/// <summary>
/// Numbers for Brazilian readers (decimal comma). The server runs with invariant globalization, so pt-BR culture data is
/// not available; swapping the separator is all these short formats need.
/// </summary>
public static class PortugueseNumber
{
    public static string Format(double value, string format) =>
        value.ToString(format, CultureInfo.InvariantCulture).Replace('.', ',');
}
