using Microsoft.Extensions.Options;
using Sentinela.Server.Delivery;
using Sentinela.Server.Draining;

namespace Sentinela.Server.Rebalancing;

/// <summary>
/// Every <see cref="RebalancingOptions.Interval"/>: publishes this instance's hub connections, compares with the other
/// instances, and if it holds clearly more than its share asks a few clients to reconnect (<see cref="RebalancePlan"/>).
/// A balancer placing hub connections by least connections sends them to a lighter instance; the clients resume from
/// their last sequence, so nothing is lost or shown twice. Needed because long-lived connections stay where they
/// landed: an instance started after a restart of another would otherwise stay empty while the others are full.
/// </summary>
public sealed class ConnectionRebalancer(
    IConnectionCounts counts,
    ConnectionRegistry registry,
    ReconnectRequests reconnects,
    DrainState drain,
    IOptions<RebalancingOptions> options,
    ILogger<ConnectionRebalancer> logger) : BackgroundService
{
    public const string Reason = "rebalancing";

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        using var timer = new PeriodicTimer(settings.Interval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try
            {
                if (drain.IsDraining)
                {
                    await counts.WithdrawAsync(stop);
                    return;
                }
                await RoundAsync(settings, stop);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Redis away, most likely: connections stay where they are until it answers.
                logger.LogWarning(e, "Rebalancing round skipped");
            }
        }
    }

    async Task RoundAsync(RebalancingOptions settings, CancellationToken stop)
    {
        var mine = registry.Count;
        var loads = await counts.ExchangeAsync(mine, settings.CountExpiry, stop);
        var shed = RebalancePlan.ToShed(mine, [.. loads.Select(l => l.Connections)], settings);
        if (shed == 0) return;
        var moving = registry.All.Take(shed).ToList();
        logger.LogInformation("Rebalancing: {Mine} hub connections here, {Total} on {Instances} instances; asking {Moving} clients to reconnect.",
            mine, loads.Sum(l => l.Connections), loads.Count, moving.Count);
        await reconnects.AskAsync(moving, Reason, settings.ReconnectSpread, stop);
    }
}
