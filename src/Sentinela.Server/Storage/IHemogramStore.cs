using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Storage;

/// <summary>Durable, idempotent hemogram storage. Implementations: SQLite (embedded); PostgreSQL (distributed).</summary>
public interface IHemogramStore
{
    /// <summary>
    /// Stores the hemogram writes atomically and returns only once they are durable. Each is a candidate hemogram made of
    /// the results one request brought (<see cref="Hemogram.Members"/>, with their FHIR status). One whose results are not
    /// stored, and whose group has no open hemogram, is created; otherwise <see cref="HemogramLifecycle"/> decides: a
    /// resubmission changes nothing (Unchanged, the existing id), an amendment, a later analyte or a retraction makes a new
    /// version of the stored hemogram (the previous one kept in its history) and moves its count in the counters, in the
    /// same transaction.
    /// </summary>
    /// <param name="allOrNothing">A FHIR transaction or document: when any write is refused (Conflict, NotFound), none is
    /// stored, and the results say which were refused.</param>
    Task<IReadOnlyList<HemogramWriteResult>> AppendAsync(IReadOnlyList<Hemogram> hemograms, CancellationToken ct, bool allOrNothing = false);

    /// <summary>Every version of a hemogram, oldest first, the current one last; empty when the id is unknown.</summary>
    Task<IReadOnlyList<Hemogram>> HistoryAsync(Guid id, CancellationToken ct);

    /// <summary>
    /// Hemograms abnormal for <paramref name="condition"/> in these municipalities, collected from <paramref name="from"/>
    /// (inclusive) to <paramref name="to"/> (exclusive), newest first, at most <paramref name="limit"/>: an alert's evidence.
    /// Only hemograms the counters count (no retracted one, no uncounted preliminary).
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
