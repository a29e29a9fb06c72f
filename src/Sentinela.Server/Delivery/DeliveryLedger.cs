using System.Threading.Channels;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Delivery;

/// <summary>Writes delivery outcomes in the background, in batches, so recording never slows a fan-out.</summary>
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
                while (batch.Count < 1000 && _queue.Reader.TryRead(out var r)) batch.Add(r);
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
