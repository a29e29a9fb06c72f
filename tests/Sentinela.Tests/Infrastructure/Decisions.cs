using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Analysis.Decisions;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// Collective analysis runs after the laboratory's response (outbox, then a decision loop); a test that must know the
/// outcome of what it posted applies the outbox itself (exactly once, whoever applies it) and runs a decision.
/// </summary>
public static class Decisions
{
    public static async Task DecideNowAsync(IServiceProvider services)
    {
        var analysis = services.GetRequiredService<IAnalysisStore>();
        // Until the outbox is empty: the background worker may hold a batch it has not committed yet.
        while (await analysis.ApplyOutboxAsync(10_000, default) > 0 || await analysis.BacklogAsync(default) > 0) await Task.Delay(20);
        await services.GetRequiredService<OutbreakDecider>().DecideAsync(default);
    }
}
