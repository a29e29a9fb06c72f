using System.Globalization;

namespace Sentinela.LoadHarness;

/// <summary>
/// What a load scenario measured: printed for a person, as one machine-readable RESULT line, and as one dated row of
/// the table in docs/BENCHMARKS.md (inserted above <see cref="RowsMarker"/>, or appended when the file has none).
/// </summary>
public sealed class ScenarioReport(string scenario, string backend)
{
    public const string RowsMarker = "<!-- load-scenarios: new rows above -->";

    readonly List<string> _fields = [];

    /// <summary>e.g. "10,000 clients".</summary>
    public string Size { get; set; } = "";
    public string Throughput { get; set; } = "–";
    /// <summary>The headline latency cell: what was timed, then p50 / p95 / p99.</summary>
    public string Latency { get; set; } = "–";
    public string Errors { get; set; } = "0";
    public ServerUsage.Sample? Server { get; set; }
    public string Notes { get; set; } = "";

    /// <summary>A key=value pair for the RESULT line.</summary>
    public void Field(string pairs) => _fields.Add(pairs);

    /// <summary>Prints the RESULT line and adds the row to <paramref name="markdownPath"/> when given.</summary>
    public void Finish(string? markdownPath)
    {
        var load = LoadAverage();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT scenario={scenario} backend={backend} {string.Join(' ', _fields)} {Server?.Fields()} load=\"{load}\""));
        if (markdownPath is null) return;
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {DateTime.UtcNow:yyyy-MM-dd HH:mm} | {scenario} | {backend} | {Size} | {Throughput} | {Latency} | {Errors} | {Server?.Cell() ?? "–"} | {load} | {Notes} |");
        var text = File.Exists(markdownPath) ? File.ReadAllText(markdownPath) : "";
        var at = text.IndexOf(RowsMarker, StringComparison.Ordinal);
        File.WriteAllText(markdownPath, at < 0 ? text + row + "\n" : text.Insert(at, row + "\n"));
        Console.WriteLine($"Row added to {markdownPath}.");
    }

    /// <summary>The 1, 5 and 15 minute load averages (as <c>uptime</c> shows them): the machine is shared.</summary>
    static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public static string Count(double n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(double seconds) => seconds.ToString(seconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";

    public static string ErrorList(IReadOnlyDictionary<string, int> errors) =>
        errors.Count == 0 ? "0" : string.Join(", ", errors.Select(e => $"{e.Value} {e.Key}"));
}
