using System.Globalization;
using System.Text;

namespace Sentinela.LoadHarness;

/// <summary>What one scenario measured, and its report.</summary>
public sealed record IngestResult(
    int Hemograms,
    int PerRequest,
    int Concurrency,
    TimeSpan Elapsed,
    int Created,
    int Duplicates,
    int Failed,
    IReadOnlyList<TimeSpan> SortedLatencies,
    IReadOnlyDictionary<string, int> Errors,
    IReadOnlyList<string> ErrorSamples,
    TimeSpan ClientCpu)
{
    public double StoredPerSecond => Created / Elapsed.TotalSeconds;
    public double RequestsPerSecond => SortedLatencies.Count / Elapsed.TotalSeconds;

    public TimeSpan Percentile(double p) => SortedLatencies.Count == 0 ? TimeSpan.Zero : LatencySummary.Percentile(SortedLatencies, p);

    public string Mode => PerRequest > 1 ? $"Bundle×{PerRequest}" : "Observation";

    public string Report(TimeSpan? serverCpu)
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"  {Mode}, concurrency {Concurrency}: {Hemograms:N0} hemograms in {SortedLatencies.Count:N0} requests, {Elapsed.TotalSeconds:0.00} s");
        s.AppendLine(c, $"  stored (201): {Created:N0}   already stored (200): {Duplicates:N0}   failed: {Failed:N0}");
        s.AppendLine(c, $"  throughput: {StoredPerSecond:N0} hemograms/s stored, {RequestsPerSecond:N0} requests/s");
        s.AppendLine(c, $"  latency per request: p50 {Ms(Percentile(50))}  p95 {Ms(Percentile(95))}  p99 {Ms(Percentile(99))}  max {Ms(Percentile(100))}");
        s.Append(c, $"  harness CPU: {ClientCpu.TotalSeconds:0.0} s ({ClientCpu / Elapsed:0.00} cores)");
        if (serverCpu is { } cpu)
            s.Append(c, $"   server CPU: {cpu.TotalSeconds:0.0} s ({cpu / Elapsed:0.00} cores, {cpu.TotalMicroseconds / Math.Max(1, Created):0} µs per stored hemogram)");
        s.AppendLine();
        foreach (var (kind, count) in Errors) s.AppendLine(c, $"  errors {kind}: {count:N0} hemograms");
        foreach (var sample in ErrorSamples) s.AppendLine(c, $"    e.g. {sample}");
        s.Append(c, $"RESULT mode={Mode} concurrency={Concurrency} hemograms={Hemograms} stored={Created} duplicates={Duplicates} failed={Failed} ")
            .Append(c, $"seconds={Elapsed.TotalSeconds:0.000} hemograms_per_s={StoredPerSecond:0} requests_per_s={RequestsPerSecond:0} ")
            .Append(c, $"p50_ms={Percentile(50).TotalMilliseconds:0.0} p95_ms={Percentile(95).TotalMilliseconds:0.0} p99_ms={Percentile(99).TotalMilliseconds:0.0} max_ms={Percentile(100).TotalMilliseconds:0.0}")
            .Append(serverCpu is { } sc ? string.Create(c, $" server_cpu_s={sc.TotalSeconds:0.0}") : "");
        return s.ToString();
    }

    static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString(t.TotalMilliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
