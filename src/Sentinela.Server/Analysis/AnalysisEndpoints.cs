using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Server.Analysis.Decisions;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Analysis;

/// <summary>
/// Administrators' view of collective analysis: GET /api/analysis shows the outbox backlog and the last decision;
/// POST /api/analysis/decisions counts what the outbox holds and decides at once (after a backfill, or to see the effect
/// of data just sent without waiting for the timer), answering with the versions it logged.
/// </summary>
public static class AnalysisEndpoints
{
    public static IEndpointRouteBuilder MapAnalysis(this IEndpointRouteBuilder app)
    {
        var analysis = app.MapGroup("/api/analysis").WithTags("Analysis")
            .RequireAuthorization(SentinelaPolicies.Administer).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        analysis.MapGet("/", StatusAsync);
        analysis.MapPost("/decisions", DecideAsync);
        return app;
    }

    static async Task<Ok<AnalysisStatus>> StatusAsync(IAnalysisStore store, OutbreakDecider decider, DetectionEngine engine, CancellationToken ct) =>
        TypedResults.Ok(new AnalysisStatus(await store.BacklogAsync(ct), engine.Tracker.Open.Count, decider.LastDecisionAt));

    static async Task<Ok<AnalysisStatus>> DecideAsync(IAnalysisStore store, OutbreakDecider decider, DetectionEngine engine, CancellationToken ct)
    {
        // Until the outbox is empty: entries another instance is applying right now are skipped by this one's claim, and
        // deciding before that instance commits would miss them.
        var counted = 0;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var applied = await store.ApplyOutboxAsync(10_000, patience.Token);
            counted += applied;
            if (applied > 0) continue;
            if (await store.BacklogAsync(patience.Token) == 0) break;
            await Task.Delay(TimeSpan.FromMilliseconds(50), patience.Token);
        }
        var logged = await decider.DecideAsync(ct);
        return TypedResults.Ok(new AnalysisStatus(await store.BacklogAsync(ct), engine.Tracker.Open.Count, decider.LastDecisionAt, counted,
            logged.Select(a => new LoggedVersion(a.Id, a.Version, a.Sequence, a.Headline)).ToList()));
    }
}
