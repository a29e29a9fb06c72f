using System.Diagnostics.Metrics;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Hemograms received and rejected, per laboratory account (a bounded set: the labs an administrator registered, by id)
/// and, for rejections, per reason (the FHIR issue type, or the limit that refused them).
/// </summary>
public sealed class IngestionMetrics
{
    readonly Counter<long> _received;
    readonly Counter<long> _rejected;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(IngestionTracing.Name);
        _received = meter.CreateCounter<long>("sentinela.hemograms.received", "{hemogram}",
            "Hemograms accepted from a laboratory: stored, or already stored (a resubmission).");
        _rejected = meter.CreateCounter<long>("sentinela.hemograms.rejected", "{hemogram}",
            "Hemograms refused with an OperationOutcome, by reason.");
    }

    public void Received(string lab, bool created) =>
        _received.Add(1, new("lab", lab), new("outcome", created ? "stored" : "duplicate"));

    public void Rejected(string lab, string reason, int count = 1)
    {
        if (count > 0) _rejected.Add(count, new("lab", lab), new("reason", reason));
    }
}
