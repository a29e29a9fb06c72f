using System.Diagnostics.Metrics;
using Sentinela.Server.Alerts;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis;

/// <summary>
/// What analysis finds: abnormal values per parameter (individual), outbreak alert events raised / updated / resolved
/// (counted by the instance that logs them), the alerts open now, the analysis outbox, and how long a decision takes.
/// </summary>
public sealed class AnalysisMetrics
{
    readonly Counter<long> _findings;
    readonly Counter<long> _alertEvents;
    readonly Histogram<double> _duration;
    readonly Counter<long> _counted;
    int _active;
    long _backlog;

    public AnalysisMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(AnalysisTracing.Name);
        _findings = meter.CreateCounter<long>("sentinela.findings", "{finding}",
            "Values outside their reference range in newly stored hemograms.");
        _alertEvents = meter.CreateCounter<long>("sentinela.outbreak_alerts", "{event}",
            "Outbreak alert versions written to the alert log: raised, updated or resolved.");
        meter.CreateObservableGauge("sentinela.outbreak_alerts.active", () => Volatile.Read(ref _active), "{alert}",
            "Outbreak alerts open in this instance's collective analysis.");
        _counted = meter.CreateCounter<long>("sentinela.analysis.counted", "{hemogram}",
            "Analysis outbox entries applied to the counters (stored hemograms, and retractions).");
        meter.CreateObservableGauge("sentinela.analysis.backlog", () => Volatile.Read(ref _backlog), "{hemogram}",
            "Analysis outbox entries waiting to be counted, as last measured by this instance's worker.");
        _duration = meter.CreateHistogram<double>("sentinela.analysis.duration", "s",
            "Time of one outbreak decision (counters read, detectors, scan, evidence and alert-log append), lock and lease wait included.",
            advice: new() { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
    }

    public void Found(Hemogram stored)
    {
        foreach (var f in stored.Findings)
            _findings.Add(1, new("parameter", f.Parameter.ToString()), new("direction", f.Direction.ToString()), new("severity", f.Severity.ToString()));
    }

    public void Logged(OutbreakAlert alert) =>
        _alertEvents.Add(1, new("event", Delivery.AlertEvent.TypeOf(alert)), new("type", alert.Type.ToString()),
            new("parameter", alert.Parameter?.ToString() ?? "none"), new("direction", alert.Direction?.ToString() ?? "none"),
            new("detector", alert.Detector.ToString()));

    public void Counted(int entries) => _counted.Add(entries);

    public void Backlog(long entries) => Volatile.Write(ref _backlog, entries);

    public long LastBacklog => Volatile.Read(ref _backlog);

    public void Active(int count) => Volatile.Write(ref _active, count);

    public void Step(TimeSpan elapsed, string step) => _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("step", step));
}
