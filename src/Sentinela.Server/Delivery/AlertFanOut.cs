using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Sentinela.Server.Alerts;
using Sentinela.Server.Observability;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Publish once, fan out locally: each alert from the bus is matched against this instance's connections only, and sent
/// in one SignalR call (serialised once per protocol) to those whose watch areas it intersects.
/// The sending runs on its own loop, in publication order: the publisher must not wait for thousands of WebSocket writes.
/// The loop works in ticks: it sends what is queued at once, then waits <see cref="DeliveryOptions.CoalesceWindow"/>
/// before the next tick, so versions published in a burst go out together and each connection receives only the latest
/// version of each alert it matches. Everything is in the log already, so nothing is lost: a client the loop has not
/// reached, or that was sent a newer version instead, reads older versions through resume or REST.
/// </summary>
public sealed class AlertFanOut(
    IAlertBus bus, ConnectionRegistry registry, AlertTargeting targeting, AckTracker acks, IHubContext<AlertHub> hub,
    DeliveryMetrics metrics, IOptions<DeliveryOptions> options, TimeProvider clock, ServiceInstance instance, ILogger<AlertFanOut> logger)
    : IHostedService
{
    readonly Channel<(PublishedAlert Alert, ActivityContext Parent)> _pending =
        Channel.CreateUnbounded<(PublishedAlert, ActivityContext)>(new UnboundedChannelOptions { SingleReader = true });
    IDisposable? _subscription;
    Task _sending = Task.CompletedTask;
    long _handled;

    /// <summary>The highest alert-log sequence this instance has fanned out (sent, superseded, or found no connection for).</summary>
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
        var tick = new List<(PublishedAlert Alert, ActivityContext Parent)>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            tick.Clear();
            while (_pending.Reader.TryRead(out var item)) tick.Add(item);
            try
            {
                await SendTickAsync(tick);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Fan-out failed for {Count} alert versions", tick.Count);
            }
            var handled = tick.Max(t => t.Alert.Alert.Sequence);
            if (handled > _handled) Volatile.Write(ref _handled, handled);
            // Leading edge: a lone version went out at once; what is published during the window waits for the next tick.
            if (options.Value.CoalesceWindow > TimeSpan.Zero && !_pending.Reader.Completion.IsCompleted)
                await Task.Delay(options.Value.CoalesceWindow, clock);
        }
    }

    async Task SendTickAsync(List<(PublishedAlert Alert, ActivityContext Parent)> tick)
    {
        var sends = new List<(PublishedAlert Published, ActivityContext Parent, IReadOnlyList<ConnectionState> To)>(tick.Count);
        var superseded = 0;
        foreach (var versions in tick.GroupBy(t => t.Alert.Alert.Id))
        {
            // Newest first: a connection takes the newest version it matches; older ones go only to connections the
            // newer did not reach (another event-type filter, an area the alert left).
            HashSet<ConnectionState>? covered = null;
            foreach (var (published, parent) in versions.OrderByDescending(v => v.Alert.Alert.Version))
            {
                IReadOnlyList<ConnectionState> matched = registry.Match(targeting.FootprintOf(published.Alert));
                if (covered is null)
                {
                    if (versions.Count() > 1) covered = [.. matched];
                }
                else
                {
                    var before = matched.Count;
                    matched = [.. matched.Where(covered.Add)];
                    superseded += before - matched.Count;
                }
                sends.Add((published, parent, matched));
            }
        }
        if (superseded > 0) metrics.Coalesced(superseded);
        foreach (var (published, parent, to) in sends.OrderBy(s => s.Published.Alert.Sequence))
            await SendAsync(published, parent, to);
    }

    async Task SendAsync(PublishedAlert published, ActivityContext parent, IReadOnlyList<ConnectionState> matched)
    {
        using var span = DeliveryTracing.Source.StartActivity("delivery.fan_out", ActivityKind.Internal, parent)
            ?.SetTag(ServiceInstance.Tag, instance.Id);
        var e = AlertEvent.For(published.Alert);
        // Connections that are resuming hold the event and send it after their replay.
        var live = matched.Where(c => c.TryPassLive(e)).ToList();
        span?.SetTag("sentinela.connections", live.Count);
        if (live.Count == 0) return;
        // Tracked before the send: a fast client's ack may arrive before SendAsync returns.
        acks.Delivered(live, e, published.CauseReceivedAt);
        await hub.Clients.Clients(new ConnectionIdList(live.Select(c => c.ConnectionId))).SendAsync(AlertClientMethods.Alert, e);
    }
}
