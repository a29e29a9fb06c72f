using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Storage;

/// <summary>Durable, idempotent hemogram storage. Implementations: SQLite (embedded); PostgreSQL (distributed).</summary>
public interface IHemogramStore
{
    /// <summary>
    /// Stores the hemograms atomically and returns only once they are durable. A hemogram whose SourceKey is already
    /// stored is not stored again: its result carries the existing id with Created = false.
    /// </summary>
    Task<IReadOnlyList<HemogramWriteResult>> AppendAsync(IReadOnlyList<Hemogram> hemograms, CancellationToken ct);

    /// <summary>
    /// Hemograms abnormal for <paramref name="condition"/> in these municipalities, collected from <paramref name="from"/>
    /// (inclusive) to <paramref name="to"/> (exclusive), newest first, at most <paramref name="limit"/>: an alert's evidence.
    /// </summary>
    Task<IReadOnlyList<Hemogram>> AbnormalAsync(IReadOnlyCollection<int> municipalities, Condition condition, DateTimeOffset from,
        DateTimeOffset to, int limit, CancellationToken ct);

    Task<IReadOnlyList<Hemogram>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    Task<long> CountAsync(CancellationToken ct);

    /// <summary>
    /// Per municipality with at least one matching hemogram: how many measured the query's parameter in its window and
    /// how many of those were abnormal (the dashboard's heat map). Unordered; a GROUP BY over the collection-time index.
    /// </summary>
    Task<IReadOnlyList<HemogramDensity>> DensityAsync(DensityQuery query, CancellationToken ct);
}
