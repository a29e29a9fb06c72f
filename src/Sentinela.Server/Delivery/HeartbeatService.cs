using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Delivery;

/// <summary>Sends every connection the server time and the log's last sequence on an interval.</summary>
public sealed class HeartbeatService(IHubContext<AlertHub> hub, IAlertStore alerts, IOptions<DeliveryOptions> options, TimeProvider clock,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await hub.Clients.All.SendAsync(AlertClientMethods.Heartbeat, new Heartbeat(clock.GetUtcNow(), await alerts.LastSequenceAsync(stoppingToken)), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An exception leaving ExecuteAsync stops the whole host; a database outage only skips heartbeats until it ends.
                logger.LogWarning(e, "Heartbeat skipped");
            }
        }
    }
}
