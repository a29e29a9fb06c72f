using System.Threading.Channels;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Writes delivery receipts (an acked or failed outcome per alert version and connection, once) in the background, in
/// batches of up to <see cref="BatchSize"/> rows per transaction, so recording never slows a fan-out or an ack.
/// </summary>
public sealed class DeliveryLedger(IDeliveryStore store, ILogger<DeliveryLedger> logger) : BackgroundService
{
    /// <summary>
    /// Rows per transaction: 10,000 clients acking one version are two commits, and no batch holds SQLite's single write
    /// lock long enough to delay the hemograms' group commit behind it.
    /// </summary>
    public const int BatchSize = 5000;

    readonly Channel<DeliveryRecord> _queue = Channel.CreateUnbounded<DeliveryRecord>(new() { SingleReader = true });

    int _backlog;

    public void Record(DeliveryRecord record)
    {
        if (_queue.Writer.TryWrite(record)) Interlocked.Increment(ref _backlog);
    }

    /// <summary>Receipts recorded and not yet written: grows when storage cannot keep up with the acks.</summary>
    public int Backlog => Volatile.Read(ref _backlog);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<DeliveryRecord>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var r)) batch.Add(r);
                try
                {
                    await store.UpsertAsync(batch, CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Could not record {Count} delivery outcomes", batch.Count);
                }
                Interlocked.Add(ref _backlog, -batch.Count);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: outcomes still queued are written by the final drain below.
        }
        batch.Clear();
        while (_queue.Reader.TryRead(out var rest)) batch.Add(rest);
        if (batch.Count > 0) await store.UpsertAsync(batch, CancellationToken.None);
    }
}
