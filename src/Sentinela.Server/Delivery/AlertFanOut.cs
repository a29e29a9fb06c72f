using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Sentinela.Server.Alerts;
using Sentinela.Server.Observability;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Publish once, fan out locally: each alert from the bus is matched against this instance's connections only, and sent
/// in one SignalR call (serialised once per protocol) to those whose watch areas it intersects.
/// The sending runs on its own loop, in publication order: the publisher is often a laboratory's request, which must not
/// wait for thousands of WebSocket writes (the load harness measured an 8 s POST with 500 clients when it did). The alert
/// is already in the log, so a client the loop has not reached yet loses nothing: its resume reads the log.
/// </summary>
public sealed class AlertFanOut(
    IAlertBus bus, ConnectionRegistry registry, AlertTargeting targeting, AckTracker acks, IHubContext<AlertHub> hub,
    ServiceInstance instance, ILogger<AlertFanOut> logger)
    : IHostedService
{
    readonly Channel<(PublishedAlert Alert, ActivityContext Parent)> _pending =
        Channel.CreateUnbounded<(PublishedAlert, ActivityContext)>(new UnboundedChannelOptions { SingleReader = true });
    IDisposable? _subscription;
    Task _sending = Task.CompletedTask;
    long _handled;

    /// <summary>The highest alert-log sequence this instance has fanned out (sent, or found no connection for).</summary>
    public long HandledSequence => Volatile.Read(ref _handled);

    public Task StartAsync(CancellationToken ct)
    {
        _subscription = bus.Subscribe(EnqueueAsync);
        _sending = Task.Run(SendAllAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Sends what was already published, then stops (or gives up when the host's stop timeout runs out).</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        _subscription?.Dispose();
        _pending.Writer.TryComplete();
        try
        {
            await _sending.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Out of time: what was not sent is in the alert log, and clients resume it when they reconnect.
        }
    }

    /// <summary>The caller's span (publish, or the bus consumer's) becomes the fan-out's parent, so it stays in the alert's trace.</summary>
    ValueTask EnqueueAsync(PublishedAlert published, CancellationToken ct)
    {
        _pending.Writer.TryWrite((published, Activity.Current?.Context ?? default));
        return ValueTask.CompletedTask;
    }

    async Task SendAllAsync()
    {
        await foreach (var (published, parent) in _pending.Reader.ReadAllAsync())
        {
            try
            {
                await SendAsync(published, parent);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Fan-out failed for alert {AlertId} v{Version}", published.Alert.Id, published.Alert.Version);
            }
            if (published.Alert.Sequence > _handled) Volatile.Write(ref _handled, published.Alert.Sequence);
        }
    }

    async Task SendAsync(PublishedAlert published, ActivityContext parent)
    {
        using var span = DeliveryTracing.Source.StartActivity("delivery.fan_out", ActivityKind.Internal, parent)
            ?.SetTag(ServiceInstance.Tag, instance.Id);
        var e = AlertEvent.For(published.Alert);
        // Connections that are resuming hold the event and send it after their replay.
        var live = registry.Match(targeting.FootprintOf(published.Alert)).Where(c => c.TryPassLive(e)).ToList();
        span?.SetTag("sentinela.connections", live.Count);
        if (live.Count == 0) return;
        await hub.Clients.Clients(new ConnectionIdList(live.Select(c => c.ConnectionId))).SendAsync(AlertClientMethods.Alert, e);
        foreach (var connection in live) acks.Delivered(connection, e, published.CauseReceivedAt);
    }
}
