using Sentinela.Server.Analysis;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// The pipeline after parsing: individual analysis, then de-identified durable storage (idempotent), which queues the
/// collective analysis work in the same transaction (the analysis outbox). Returns once the hemograms are durable; counting
/// and outbreak decisions happen after the response, so a laboratory never waits on them.
/// </summary>
public sealed class HemogramIntake(
    HemogramFactory factory,
    IHemogramStore store,
    AnalysisWakeUps wakeUps,
    IngestionMetrics ingestionMetrics,
    AnalysisMetrics analysisMetrics,
    TimeProvider clock)
{
    /// <param name="lab">The submitting laboratory account, for metrics.</param>
    public async Task<IReadOnlyList<IntakeResult>> SubmitAsync(IReadOnlyList<HemogramSubmission> submissions, string lab, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<Hemogram> hemograms;
        using (AnalysisTracing.Source.StartActivity("analysis.individual")?.SetTag("sentinela.hemograms", submissions.Count))
            hemograms = submissions.Select(s => factory.Create(s, now)).ToList();
        var written = await store.AppendAsync(hemograms, ct);

        var created = hemograms.Where((_, i) => written[i].Created).ToList();
        foreach (var w in written) ingestionMetrics.Received(lab, w.Created);
        foreach (var h in created) analysisMetrics.Found(h);
        if (created.Count > 0) wakeUps.Outbox.Set();
        var earlier = written.Where(w => !w.Created).Select(w => w.Id).ToList();
        var stored = earlier.Count == 0 ? [] : (await store.GetAsync(earlier, ct)).ToDictionary(h => h.Id);
        return hemograms.Select((h, i) => written[i].Created
            ? new IntakeResult(h with { Sequence = written[i].Sequence }, true)
            : new IntakeResult(stored.GetValueOrDefault(written[i].Id) ?? h with { Id = written[i].Id }, false)).ToList();
    }
}
