using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Storage;

/// <summary>Durable, idempotent hemogram storage. Implementations: SQLite (embedded); PostgreSQL (distributed, later).</summary>
public interface IHemogramStore
{
    /// <summary>
    /// Stores the hemograms atomically and returns only once they are durable. A hemogram whose SourceKey is already
    /// stored is not stored again: its result carries the existing id with Created = false.
    /// </summary>
    Task<IReadOnlyList<HemogramWriteResult>> AppendAsync(IReadOnlyList<Hemogram> hemograms, CancellationToken ct);

    /// <summary>Hemograms collected at or after the given time, in store order (start-up rebuild of the in-memory index).</summary>
    IAsyncEnumerable<Hemogram> ReadCollectedSinceAsync(DateTimeOffset since, CancellationToken ct);

    /// <summary>
    /// Hemograms received at or after <paramref name="receivedSince"/> and collected at or after <paramref name="collectedSince"/>,
    /// in store order: what reached the store while a shared index could not take it. The collection bound (the analysis
    /// horizon) keeps the scan to the recent months' partitions and the collection-time index.
    /// </summary>
    IAsyncEnumerable<Hemogram> ReadReceivedSinceAsync(DateTimeOffset receivedSince, DateTimeOffset collectedSince, CancellationToken ct);

    Task<IReadOnlyList<Hemogram>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    Task<long> CountAsync(CancellationToken ct);

    /// <summary>
    /// Per municipality with at least one matching hemogram: how many measured the query's parameter in its window and
    /// how many of those were abnormal (the dashboard's heat map). Unordered; a GROUP BY over the collection-time index.
    /// </summary>
    Task<IReadOnlyList<HemogramDensity>> DensityAsync(DensityQuery query, CancellationToken ct);
}
