using Sentinela.Server.Analysis;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// The pipeline after parsing: individual analysis, then de-identified durable storage (idempotent; amendments,
/// late analytes and retractions revise the stored hemogram), which queues the collective analysis work in the same
/// transaction (the analysis outbox). Returns once the hemograms are durable; counting and outbreak decisions happen after
/// the response, so a laboratory never waits on them.
/// </summary>
public sealed class HemogramIntake(
    HemogramFactory factory,
    IHemogramStore store,
    AnalysisWakeUps wakeUps,
    IngestionMetrics ingestionMetrics,
    AnalysisMetrics analysisMetrics,
    TimeProvider clock)
{
    /// <param name="submitter">The laboratory account submitting them (recorded on each hemogram; null for an operator's import).</param>
    /// <param name="lab">The submitting laboratory account, for metrics.</param>
    /// <param name="allOrNothing">A transaction or document: nothing is stored when any write is refused.</param>
    public Task<IReadOnlyList<IntakeResult>> SubmitAsync(IReadOnlyList<HemogramSubmission> submissions, Guid? submitter, string lab, CancellationToken ct,
        bool allOrNothing = false)
    {
        var now = clock.GetUtcNow();
        var hemograms = new Hemogram[submissions.Count];
        using (AnalysisTracing.Source.StartActivity("analysis.individual")?.SetTag("sentinela.hemograms", submissions.Count))
            for (var i = 0; i < hemograms.Length; i++)
                hemograms[i] = factory.Create(submissions[i], now, submitter);
        return StoreAsync(hemograms, lab, ct, allOrNothing);
    }

    /// <summary>
    /// The individual analysis of one hemogram of a bulk import: it counts as received when it was collected, so history
    /// does not look like today's deliveries (feed-silence counts, merge windows). Needs no storage, so an import runs it
    /// on every core while the store writes the previous group.
    /// </summary>
    public Hemogram AnalyzeHistory(HemogramSubmission submission, Guid? submitter)
    {
        var now = clock.GetUtcNow();
        return factory.Create(submission, submission.CollectedAt < now ? submission.CollectedAt : now, submitter);
    }

    /// <summary>Stores analysed hemograms (<see cref="SubmitAsync"/>, <see cref="AnalyzeHistory"/>) and wakes the analysis when any changed.</summary>
    public async Task<IReadOnlyList<IntakeResult>> StoreAsync(IReadOnlyList<Hemogram> hemograms, string lab, CancellationToken ct, bool allOrNothing = false)
    {
        var written = await store.AppendAsync(hemograms, ct, allOrNothing);

        var changed = false;
        var missing = new List<Guid>();
        foreach (var w in written)
        {
            ingestionMetrics.Received(lab, w.Outcome);
            changed |= w.Outcome is WriteOutcome.Created or WriteOutcome.Updated or WriteOutcome.Retracted;
            if (w.Outcome == WriteOutcome.Created && w.Current is { } created) analysisMetrics.Found(created);
            if (w.Current is null && w.Stored) missing.Add(w.Id);
        }
        if (changed && !(allOrNothing && written.Any(w => !w.Stored))) wakeUps.Outbox.Set();
        var stored = missing.Count == 0 ? [] : (await store.GetAsync(missing, ct)).ToDictionary(h => h.Id);
        return written.Select(w => new IntakeResult(w.Current ?? stored.GetValueOrDefault(w.Id), w.Outcome, w.Detail)).ToList();
    }
}
