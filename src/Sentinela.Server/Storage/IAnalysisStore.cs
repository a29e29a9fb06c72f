using Sentinela.Server.Analysis.Counting;

namespace Sentinela.Server.Storage;

/// <summary>
/// The analysis side of storage: the outbox every stored hemogram writes its <see cref="CountChange"/> to (in the same
/// transaction), and the counters those changes are applied to exactly once — per municipality × day (tests per parameter,
/// abnormal per condition) and per laboratory × hour received (feed silence). Decisions read the counters, never the hemograms.
/// </summary>
public interface IAnalysisStore
{
    /// <summary>Applies up to <paramref name="max"/> outbox entries to the counters and removes them, in one transaction; returns how many.</summary>
    Task<int> ApplyOutboxAsync(int max, CancellationToken ct);

    /// <summary>Outbox entries not yet applied (the analysis backlog).</summary>
    Task<long> BacklogAsync(CancellationToken ct);

    /// <summary>
    /// Municipality-day counters of days from <paramref name="fromDay"/> on; with <paramref name="changedSince"/>, only those
    /// the outbox changed at or after that instant (late results and backfills change old days too).
    /// </summary>
    Task<IReadOnlyList<DayCounts>> ReadCountsAsync(int fromDay, DateTimeOffset? changedSince, CancellationToken ct);

    /// <summary>Hemograms received per laboratory and hour, from <paramref name="fromHour"/> (Unix hours) on.</summary>
    Task<IReadOnlyList<LabHourCount>> ReadLabHoursAsync(long fromHour, CancellationToken ct);

    /// <summary>Deletes counters older than the given day and hour (retention).</summary>
    Task PruneAsync(int beforeDay, long beforeHour, CancellationToken ct);
}
