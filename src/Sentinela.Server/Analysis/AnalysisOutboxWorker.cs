using Microsoft.Extensions.Options;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Analysis;

/// <summary>
/// Applies the analysis outbox to the counters, at least once per entry and with exactly-once effects (the store deletes
/// what it applied in the same transaction), then wakes the decider. Every instance runs one; with PostgreSQL they split
/// the backlog. A storage outage pauses it: the entries wait in the outbox and drain when it is back, nothing skipped.
/// </summary>
public sealed class AnalysisOutboxWorker(
    IAnalysisStore store,
    AnalysisWakeUps wakeUps,
    IOptions<AnalysisOutboxOptions> options,
    AnalysisMetrics metrics,
    TimeProvider clock,
    ILogger<AnalysisOutboxWorker> logger) : BackgroundService
{
    static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var pruned = DateTimeOffset.MinValue;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var applied = await store.ApplyOutboxAsync(o.BatchSize, stoppingToken);
                failures = 0;
                if (applied > 0)
                {
                    metrics.Counted(applied);
                    wakeUps.Decisions.Set();
                    continue;
                }
                metrics.Backlog(await store.BacklogAsync(stoppingToken));
                if (clock.GetUtcNow() - pruned > PruneEvery) pruned = await PruneAsync(o, stoppingToken);
                await wakeUps.Outbox.WaitAsync(o.PollInterval, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage away: back off (1 s … 30 s) and try again; the outbox keeps every entry meanwhile.
                failures++;
                if (failures == 1) logger.LogWarning(e, "Applying the analysis outbox failed; retrying with backoff");
                await wakeUps.Outbox.WaitAsync(TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures - 1))), stoppingToken);
            }
        }
    }

    async Task<DateTimeOffset> PruneAsync(AnalysisOutboxOptions o, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await store.PruneAsync(AnalysisDay.Of(now) - o.CountRetentionDays, now.ToUnixTimeSeconds() / 3600 - o.LabHourRetentionDays * 24, ct);
        return now;
    }
}
