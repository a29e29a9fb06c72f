using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// The pipeline after parsing: individual analysis, de-identified durable storage (idempotent), then collective analysis
/// of the hemograms that were new. Returns once the hemograms are durable and analysed.
/// </summary>
public sealed class HemogramIntake(
    HemogramFactory factory,
    IHemogramStore store,
    CollectiveAnalysis collective,
    TimeProvider clock,
    ILogger<HemogramIntake> logger)
{
    public async Task<IReadOnlyList<IntakeResult>> SubmitAsync(IReadOnlyList<HemogramSubmission> submissions, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hemograms = submissions.Select(s => factory.Create(s, now)).ToList();
        var written = await store.AppendAsync(hemograms, ct);

        var created = hemograms.Where((_, i) => written[i].Created).ToList();
        try
        {
            await collective.ObserveAsync(created, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The hemograms are durable and acknowledged; a failed analysis must not make the lab resubmit them.
            logger.LogError(e, "Collective analysis failed for {Count} stored hemograms", created.Count);
        }
        var earlier = written.Where(w => !w.Created).Select(w => w.Id).ToList();
        var stored = earlier.Count == 0 ? [] : (await store.GetAsync(earlier, ct)).ToDictionary(h => h.Id);
        return hemograms.Select((h, i) => written[i].Created
            ? new IntakeResult(h with { Sequence = written[i].Sequence }, true)
            : new IntakeResult(stored.GetValueOrDefault(written[i].Id) ?? h with { Id = written[i].Id }, false)).ToList();
    }
}
