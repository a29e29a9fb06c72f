using System.Globalization;
using System.Text.RegularExpressions;

namespace Sentinela.Simulator.Generation;

/// <summary>Parses the short durations people type on a command line: <c>90</c> (seconds), <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>.</summary>
static partial class Durations
{
    [GeneratedRegex(@"\G(\d+(?:\.\d+)?)(ms|s|m|h)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 0 || !double.IsFinite(seconds)) return false;
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var position = 0;
        for (var match = Part().Match(text); match.Success; match = match.NextMatch())
        {
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += match.Groups[2].Value.ToLowerInvariant() switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
            position = match.Index + match.Length;
        }
        return position > 0 && position == text.Length;
    }

    public static string Format(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 and > 0 => $"{duration.TotalMilliseconds:0}ms",
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#}s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.#}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.#}h"),
    };
}
