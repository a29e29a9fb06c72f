using System.Diagnostics.Metrics;

namespace Sentinela.Server.Storage;

/// <summary>
/// How long storage calls take as their callers see them (a hemogram append includes its wait for the group commit),
/// per backend ("sqlite" now; "postgres" and "redis" later, through the same instrument) and operation
/// ("hemogram.append", "alert.events_after", "push_queue.claim", …).
/// </summary>
public sealed class StorageMetrics
{
    readonly Histogram<double> _duration;

    public StorageMetrics(IMeterFactory meters) =>
        _duration = meters.Create(StorageTracing.Name).CreateHistogram<double>("sentinela.storage.duration", "s",
            "Duration of one storage call, by backend, operation and outcome (ok, error).",
            advice: new() { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    public void Record(string backend, string operation, TimeSpan elapsed, bool ok) =>
        _duration.Record(elapsed.TotalSeconds, new("backend", backend), new("operation", operation), new("outcome", ok ? "ok" : "error"));
}
