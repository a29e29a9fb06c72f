using System.Globalization;

namespace Sentinela.DetectionQuality.Running;

/// <summary>
/// A detector's sensitivity knob, for comparisons at matched false-alarm rates: every key in <see cref="Keys"/> is set to
/// each of <see cref="Values"/> in turn, and the value whose false alarms per municipality-year come closest to the target wins.
/// </summary>
public sealed record Knob(string Label, IReadOnlyList<string> Keys, IReadOnlyList<double> Values)
{
    public IReadOnlyList<KeyValuePair<string, string?>> SettingsFor(double value) =>
        [.. Keys.Select(k => new KeyValuePair<string, string?>(k, value.ToString("R", CultureInfo.InvariantCulture)))];
}
