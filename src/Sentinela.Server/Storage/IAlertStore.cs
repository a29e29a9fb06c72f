using Sentinela.Server.Alerts;

namespace Sentinela.Server.Storage;

/// <summary>
/// The alert log: every alert version is an event with a global, gap-free sequence number, plus the evidence behind each alert.
/// </summary>
public interface IAlertStore
{
    /// <summary>Appends new versions and evidence in one durable transaction; returns the versions with their sequence numbers.</summary>
    /// <param name="fence">
    /// The decision lease's fencing token, when several instances share the log: an append whose token is below the highest
    /// seen throws <see cref="StaleFenceException"/> and changes nothing. Null (one process, or Redis away) is never refused.
    /// </param>
    Task<IReadOnlyList<OutbreakAlert>> AppendAsync(IReadOnlyList<AlertChange> changes, CancellationToken ct, long? fence = null);

    Task<long> LastSequenceAsync(CancellationToken ct);

    /// <summary>Latest versions matching the query, newest sequence first (or, with SinceSequence, the alerts changed after it, oldest first).</summary>
    Task<IReadOnlyList<OutbreakAlert>> ListAsync(AlertQuery query, CancellationToken ct);

    Task<OutbreakAlert?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>Every version of one alert, oldest first.</summary>
    Task<IReadOnlyList<OutbreakAlert>> HistoryAsync(Guid id, CancellationToken ct);

    Task<IReadOnlyList<Guid>> EvidenceAsync(Guid id, CancellationToken ct);

    /// <summary>Alert events (every version) after a sequence, in order: what a reconnecting client missed.</summary>
    Task<IReadOnlyList<OutbreakAlert>> EventsAfterAsync(long sequence, int limit, CancellationToken ct);

    Task<IReadOnlyList<OutbreakAlert>> ActiveAsync(CancellationToken ct);
}
