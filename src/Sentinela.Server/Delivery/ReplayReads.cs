using Microsoft.Extensions.Options;
using Sentinela.Server.Alerts;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Reads of the alert log for resumes, coalesced and paced: at most <see cref="DeliveryOptions.ReplayReads"/> run at
/// once, and resumes from the same sequence that arrive while a read waits for its turn share it. A read that has begun
/// takes no newcomers: a resume holds its live events from the moment it starts, so it may only use a read that began
/// after that, or an event logged in between would reach it neither way. In a reconnect storm of thousands of clients
/// resuming from the same place this is a handful of reads instead of one each.
/// </summary>
public sealed class ReplayReads(IAlertStore alerts, IOptions<DeliveryOptions> options)
{
    readonly Lock _gate = new();
    readonly Dictionary<long, TaskCompletionSource<ReplayRange>> _waiting = [];
    readonly SemaphoreSlim _slots = new(options.Value.ReplayReads, options.Value.ReplayReads);

    /// <summary>The log's last sequence (read first) and up to MaxReplay + 1 versions after <paramref name="lastSequence"/>.</summary>
    public sealed record ReplayRange(long LogEnd, IReadOnlyList<OutbreakAlert> Missed);

    public Task<ReplayRange> AfterAsync(long lastSequence, CancellationToken ct)
    {
        TaskCompletionSource<ReplayRange>? read;
        var start = false;
        lock (_gate)
        {
            if (!_waiting.TryGetValue(lastSequence, out read))
            {
                read = new TaskCompletionSource<ReplayRange>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[lastSequence] = read;
                start = true;
            }
        }
        if (start) _ = ReadAsync(lastSequence, read);
        return read.Task.WaitAsync(ct);
    }

    async Task ReadAsync(long lastSequence, TaskCompletionSource<ReplayRange> read)
    {
        await _slots.WaitAsync();
        try
        {
            lock (_gate) _waiting.Remove(lastSequence);
            // Not one caller's token: others share the read, and it must finish for them even if this caller leaves.
            var logEnd = await alerts.LastSequenceAsync(CancellationToken.None);
            var missed = await alerts.EventsAfterAsync(lastSequence, options.Value.MaxReplay + 1, CancellationToken.None);
            read.SetResult(new ReplayRange(logEnd, missed));
        }
        catch (Exception e)
        {
            read.SetException(e);
        }
        finally
        {
            _slots.Release();
        }
    }
}
