using Microsoft.Extensions.Options;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>Re-evaluates sliding windows and active alerts on a fixed interval, so outbreaks also resolve when traffic stops.</summary>
public sealed class AnalysisTimer(CollectiveAnalysis analysis, IOptions<CollectiveAnalysisOptions> options, TimeProvider clock, ILogger<AnalysisTimer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvaluationInterval, clock);
        do
        {
            try
            {
                await analysis.TickAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Periodic outbreak evaluation failed; retrying at the next interval");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
