using Microsoft.Extensions.Options;
using Sentinela.Server.Observability;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Push.Dispatch;

/// <summary>Reads the push queue's depth every GaugeInterval: an observable gauge cannot await a query when scraped.</summary>
public sealed class PushQueueGauge(IPushQueue queue, PushMetrics metrics, IOptions<ObservabilityOptions> options, TimeProvider clock,
    ILogger<PushQueueGauge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GaugeInterval, clock);
        do
        {
            try
            {
                metrics.QueueDepth(await queue.PendingCountAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the push queue depth");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
