using Microsoft.AspNetCore.SignalR;
using Sentinela.Server.Alerts;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Publish once, fan out locally: each alert from the bus is matched against this instance's connections only, and sent
/// in one SignalR call (serialised once per protocol) to those whose watch areas it intersects.
/// </summary>
public sealed class AlertFanOut(
    IAlertBus bus, ConnectionRegistry registry, AlertTargeting targeting, AckTracker acks, IHubContext<AlertHub> hub)
    : IHostedService
{
    IDisposable? _subscription;

    public Task StartAsync(CancellationToken ct)
    {
        _subscription = bus.Subscribe(DeliverAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    async ValueTask DeliverAsync(PublishedAlert published, CancellationToken ct)
    {
        using var span = DeliveryTracing.Source.StartActivity("delivery.fan_out");
        var e = AlertEvent.For(published.Alert);
        // Connections that are resuming hold the event and send it after their replay.
        var live = registry.Match(targeting.FootprintOf(published.Alert)).Where(c => c.TryPassLive(e)).ToList();
        span?.SetTag("sentinela.connections", live.Count);
        if (live.Count == 0) return;
        await hub.Clients.Clients(live.Select(c => c.ConnectionId).ToList()).SendAsync(AlertClientMethods.Alert, e);
        foreach (var connection in live) acks.Delivered(connection, e, published.CauseReceivedAt);
    }
}
