using Microsoft.Extensions.Options;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;
using Sentinela.Server.Storage.Distributed.Redis;
using StackExchange.Redis;

namespace Sentinela.Server.Analysis.Collective.Distributed;

/// <summary>
/// Closes the gap a Redis outage leaves in the shared radius index and region windows. While Redis is away each instance
/// stores hemograms in PostgreSQL and analyses them with its own view; once Redis answers, the instance reads from the
/// store what was received since the gap opened (minus an overlap, for adds that failed before the failure was noticed)
/// and runs it through collective analysis again: that re-adds it to Redis (idempotent, so what was there already is not
/// counted twice) and decides on the shared view under the decision lease, so an outbreak split between instances during
/// the outage raises one alert. A Redis that comes back empty (restarted without persistence, flushed) is recognised by
/// a missing marker key: the first instance to notice re-adds the whole analysis horizon.
/// </summary>
public sealed class SharedIndexCatchUp(
    IConnectionMultiplexer redis,
    SharedIndexGap gap,
    IHemogramStore hemograms,
    CollectiveAnalysis analysis,
    IOptions<SharedAnalysisOptions> shared,
    IOptions<CollectiveAnalysisOptions> collective,
    TimeProvider clock,
    ILogger<SharedIndexCatchUp> logger) : BackgroundService
{
    const int Batch = 500;

    readonly WakeSignal _restored = new();
    readonly RedisKey _marker = $"{{{shared.Value.KeyPrefix}:analysis}}:indexed-since";

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        redis.ConnectionFailed += OnFailed;
        redis.ConnectionRestored += OnRestored;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (redis.IsConnected) await CatchUpOnceAsync(stop);
                await _restored.WaitAsync(shared.Value.CatchUpCheckInterval, stop);
            }
        }
        finally
        {
            redis.ConnectionFailed -= OnFailed;
            redis.ConnectionRestored -= OnRestored;
        }
    }

    void OnFailed(object? sender, ConnectionFailedEventArgs e) => gap.Open(clock.GetUtcNow());

    void OnRestored(object? sender, ConnectionFailedEventArgs e) => _restored.Set();

    async Task CatchUpOnceAsync(CancellationToken stop)
    {
        DateTimeOffset? since = null;
        try
        {
            // SET NX succeeds only where no marker is: a fresh or emptied Redis, which holds none of the horizon.
            var now = clock.GetUtcNow();
            if (await redis.GetDatabase().StringSetAsync(_marker, now.ToUnixTimeMilliseconds(), when: When.NotExists))
                gap.Open(now - collective.Value.Horizon);
            since = gap.Take();
            if (since is { } from) await ReplayAsync(from - shared.Value.CatchUpOverlap, stop);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Redis or PostgreSQL away again, the lease busy: the gap stays open for the next check.
            if (since is { } from) gap.Open(from);
            logger.LogWarning(e, "Catching up the shared index failed; retrying");
        }
    }

    async Task ReplayAsync(DateTimeOffset receivedSince, CancellationToken stop)
    {
        var collectedSince = clock.GetUtcNow() - collective.Value.Horizon;
        var batch = new List<Hemogram>(Batch);
        var replayed = 0;
        await foreach (var h in hemograms.ReadReceivedSinceAsync(receivedSince, collectedSince, stop))
        {
            batch.Add(h);
            if (batch.Count < Batch) continue;
            await analysis.ObserveAsync(batch, stop);
            replayed += batch.Count;
            batch = new List<Hemogram>(Batch);
        }
        await analysis.ObserveAsync(batch, stop);
        replayed += batch.Count;
        logger.LogInformation("Shared index caught up: {Count} hemograms received since {Since:u} added again and analysed on the shared view",
            replayed, receivedSince);
    }
}
