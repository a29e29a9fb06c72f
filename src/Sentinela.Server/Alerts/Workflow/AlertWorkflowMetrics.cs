using System.Diagnostics.Metrics;

namespace Sentinela.Server.Alerts.Workflow;

/// <summary>
/// The workflow's clock as Prometheus histograms: from an alert's raising to its acknowledgement, verification (confirmed
/// or discarded) and closing, one observation per alert, labelled by the alert's state (UF) — the municipality would make
/// thousands of series; GET /api/alerts/kpis answers per municipality. Plus escalations.
/// </summary>
public sealed class AlertWorkflowMetrics
{
    // Minutes to a week: the field standard's mark (24 h) is a bucket boundary, so its share reads straight off the histogram.
    static readonly double[] Buckets = [300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 604800];

    readonly Histogram<double> _toAcknowledge;
    readonly Histogram<double> _toVerify;
    readonly Histogram<double> _toClose;
    readonly Counter<long> _escalations;

    public AlertWorkflowMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(AlertsTracing.Name);
        _toAcknowledge = meter.CreateHistogram<double>("sentinela.alert.time_to_acknowledge", "s",
            "From an alert's raising to its first acknowledgement, by the alert's state (UF).", advice: new() { HistogramBucketBoundaries = Buckets });
        _toVerify = meter.CreateHistogram<double>("sentinela.alert.time_to_verify", "s",
            "From an alert's raising to its verification outcome (confirmed or discarded), by state (UF) and outcome.",
            advice: new() { HistogramBucketBoundaries = Buckets });
        _toClose = meter.CreateHistogram<double>("sentinela.alert.time_to_close", "s",
            "From an alert's raising to its closing, by the alert's state (UF).", advice: new() { HistogramBucketBoundaries = Buckets });
        _escalations = meter.CreateCounter<long>("sentinela.alert.escalations", "{alert}",
            "Alerts escalated to the state coordinators because nobody acknowledged them in time, by state (UF).");
    }

    /// <summary>Records the clock reading of a step; the workflow only moves forward, so each milestone is recorded once per alert.</summary>
    public void Reached(OutbreakAlert alert, AlertHandling step)
    {
        var seconds = Math.Max(0, (step.At - alert.RaisedAt).TotalSeconds);
        var state = new KeyValuePair<string, object?>("state", alert.Area.StateAbbreviation);
        switch (step.State)
        {
            case AlertHandlingState.Acknowledged: _toAcknowledge.Record(seconds, state); break;
            case AlertHandlingState.Confirmed or AlertHandlingState.Discarded:
                _toVerify.Record(seconds, state, new("outcome", step.State == AlertHandlingState.Confirmed ? "confirmed" : "discarded"));
                break;
            case AlertHandlingState.Closed: _toClose.Record(seconds, state); break;
        }
    }

    public void Escalated(OutbreakAlert alert) => _escalations.Add(1, new KeyValuePair<string, object?>("state", alert.Area.StateAbbreviation));
}
