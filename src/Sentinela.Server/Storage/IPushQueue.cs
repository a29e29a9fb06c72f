using Sentinela.Server.Push.Dispatch;

namespace Sentinela.Server.Storage;

/// <summary>
/// The durable push queue. Workers claim due jobs with a lease, send, and complete them; a job whose lease runs out
/// (its worker died) becomes due again, so no job is lost.
/// </summary>
public interface IPushQueue
{
    /// <summary>
    /// Adds jobs, ignoring any already queued for the same (alert, version, device), and records in the same
    /// transaction that the alert log has been handled through <paramref name="throughSequence"/>; returns how many were new.
    /// </summary>
    Task<int> EnqueueAsync(IReadOnlyList<PushJob> jobs, long throughSequence, CancellationToken ct);

    /// <summary>The alert-log sequence up to which pushes have been enqueued.</summary>
    Task<long> CursorAsync(CancellationToken ct);

    /// <summary>Leases up to <paramref name="max"/> due jobs of one alert version, critical first; null when nothing is due.</summary>
    Task<ClaimedBatch?> ClaimAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct);

    Task CompleteAsync(IReadOnlyList<PushJobResult> results, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<PushJob>> ForAlertAsync(Guid alertId, CancellationToken ct);

    /// <summary>Expo tickets of pushes sent before <paramref name="sentBefore"/> whose receipt has not been read: (job id, ticket id, token).</summary>
    Task<IReadOnlyList<(long JobId, string TicketId, string Token)>> AwaitingReceiptAsync(DateTimeOffset sentBefore, int max, CancellationToken ct);

    /// <summary>Receipts read: each job is done with, and dead (with the reason) if its receipt said the device was not reached.</summary>
    Task RecordReceiptsAsync(IReadOnlyList<(long JobId, string? DeadReason)> receipts, DateTimeOffset now, CancellationToken ct);

    /// <summary>Jobs waiting or in flight: the queue depth.</summary>
    Task<int> PendingCountAsync(CancellationToken ct);
}
