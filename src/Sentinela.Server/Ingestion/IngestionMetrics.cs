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
            "Hemogram writes accepted from a laboratory, by outcome: stored, duplicate (a resubmission), updated (amended, corrected, finalised, joined by later results), retracted, conflict, not-found.");
        _rejected = meter.CreateCounter<long>("sentinela.hemograms.rejected", "{hemogram}",
            "Hemograms refused with an OperationOutcome, by reason.");
    }

    public void Received(string lab, Storage.WriteOutcome outcome) =>
        _received.Add(1, new("lab", lab), new("outcome", outcome switch
        {
            Storage.WriteOutcome.Created => "stored",
            Storage.WriteOutcome.Unchanged => "duplicate",
            Storage.WriteOutcome.Updated => "updated",
            Storage.WriteOutcome.Retracted => "retracted",
            Storage.WriteOutcome.Conflict => "conflict",
            _ => "not-found",
        }));

    public void Rejected(string lab, string reason, int count = 1)
    {
        if (count > 0) _rejected.Add(count, new("lab", lab), new("reason", reason));
    }
}
