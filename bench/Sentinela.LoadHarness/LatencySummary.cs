using System.Globalization;

namespace Sentinela.LoadHarness;

/// <summary>Nearest-rank percentiles of a set of latencies, in milliseconds.</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0 ? Empty
            : new(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1]);
    }

    public static LatencySummary Of(IEnumerable<TimeSpan> latencies) => Of(latencies.Select(t => t.TotalMilliseconds));

    /// <summary>The smallest value with at least <paramref name="p"/> % of the values at or below it.</summary>
    public static T Percentile<T>(IReadOnlyList<T> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>"p50 12.3 ms  p95 … p99 … max …".</summary>
    public override string ToString() =>
        Count == 0 ? "no samples" : $"p50 {Ms(P50)}  p95 {Ms(P95)}  p99 {Ms(P99)}  max {Ms(Max)}";

    /// <summary>"12 / 40 / 95 ms", for a table cell.</summary>
    public string Cell() => Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{P50:0.#} / {P95:0.#} / {P99:0.#} ms");

    /// <summary>key_p50_ms=… pairs for the machine-readable RESULT line.</summary>
    public string Fields(string key) => string.Create(CultureInfo.InvariantCulture,
        $"{key}_p50_ms={P50:0.0} {key}_p95_ms={P95:0.0} {key}_p99_ms={P99:0.0} {key}_max_ms={Max:0.0}");

    public static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
