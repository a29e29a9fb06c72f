using Microsoft.Extensions.Options;
using Sentinela.Server.Analysis.Outbreaks;

namespace Sentinela.Server.Analysis.Decisions;

/// <summary>
/// Drives the decider: after new counts (waiting <see cref="DetectionOptions.DecisionDelay"/> so a burst is decided once)
/// and every <see cref="DetectionOptions.EvaluationInterval"/> without news, so alerts resolve when traffic stops and one
/// instance sees the counts the others applied. A failed decision is logged and the next one tries again.
/// </summary>
public sealed class DecisionLoop(OutbreakDecider decider, AnalysisWakeUps wakeUps, IOptions<DetectionOptions> options, TimeProvider clock,
    ILogger<DecisionLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await decider.DecideAsync(stoppingToken);
                if (failing) logger.LogInformation("Outbreak decisions are running again");
                failing = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing) logger.LogError(e, "Outbreak decision failed; trying again at the next interval");
                failing = true;
            }
            await wakeUps.Decisions.WaitAsync(o.EvaluationInterval, stoppingToken);
            await Task.Delay(o.DecisionDelay, clock, stoppingToken);
        }
    }
}
