using System.Threading.Channels;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Writes delivery receipts (an acked or failed outcome per alert version and connection, once) in the background, in
/// batches of up to 5,000 rows per transaction, so recording never slows a fan-out or an ack.
/// </summary>
public sealed class DeliveryLedger(IDeliveryStore store, ILogger<DeliveryLedger> logger) : BackgroundService
{
    readonly Channel<DeliveryRecord> _queue = Channel.CreateUnbounded<DeliveryRecord>(new() { SingleReader = true });

    public void Record(DeliveryRecord record) => _queue.Writer.TryWrite(record);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<DeliveryRecord>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < 5000 && _queue.Reader.TryRead(out var r)) batch.Add(r);
                try
                {
                    await store.UpsertAsync(batch, CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Could not record {Count} delivery outcomes", batch.Count);
                }
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
