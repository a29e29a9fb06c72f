using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Sentinela.Server.Draining;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Notifications;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Delivery;

/// <summary>
/// What the hub's methods do, as one singleton: SignalR activates a hub per call, and an ack a second from thousands of
/// clients should not resolve a dozen services each time. <see cref="AlertHub"/> only passes its context here.
/// </summary>
public sealed class RealtimeSessions(
    ConnectionRegistry registry,
    WatchValidator validator,
    AlertTargeting targeting,
    AckTracker acks,
    ReplayReads replays,
    ConnectionLimits limits,
    INotificationPreferencesStore preferences,
    IHubContext<AlertHub> hub,
    IOptions<DeliveryOptions> options,
    DeliveryMetrics metrics,
    LimitsMetrics limitsMetrics,
    DrainState drain,
    ReconnectRequests reconnects,
    IOptions<DrainOptions> drainOptions,
    ILogger<AlertHub> logger)
{
    public async Task ConnectedAsync(HubCallerContext context, string transport)
    {
        var user = context.User!;
        var ip = context.GetHttpContext()?.Connection.RemoteIpAddress ?? IPAddress.None;
        if (user.SubjectOf() is not { } id || user.JurisdictionOf() is not { } jurisdiction) throw new HubException("No user in the access token.");
        var wanted = Guid.TryParse(id, out var userId) ? await preferences.GetAsync(userId, context.ConnectionAborted) : null;
        if (!await limits.TryAddAsync(id, ip, context.ConnectionAborted))
        {
            limitsMetrics.Rejected(LimitsMetrics.Connection);
            throw new HubException("Connection limit reached.");
        }
        var connection = registry.Connect(context.ConnectionId, id, jurisdiction, ip);
        connection.Preferences = wanted ?? NotificationPreferences.Default;
        connection.Close = context.Abort;
        metrics.Connected(transport);
        // Reached a draining instance after its clients were sent away (the balancer had not noticed yet): sent on too.
        if (drain.HubsReleased)
            _ = reconnects.AskAsync([connection], GracefulDrain.Reason, drainOptions.Value.ReconnectSpread, CancellationToken.None);
    }

    public async Task DisconnectedAsync(HubCallerContext context, string transport)
    {
        if (registry.Disconnect(context.ConnectionId) is not { } connection) return;
        metrics.Disconnected(transport);
        acks.Closed(connection);
        // Not the connection's token: it is already cancelled, and the count must still go down.
        await limits.RemoveAsync(connection.Recipient, connection.Ip, CancellationToken.None);
    }

    public WatchArea Subscribe(HubCallerContext context, WatchArea area)
    {
        var connection = Connection(context);
        if (connection.WatchCount >= options.Value.MaxWatchAreasPerConnection)
            throw new HubException($"At most {options.Value.MaxWatchAreasPerConnection} watch areas per connection.");
        try
        {
            var id = string.IsNullOrWhiteSpace(area.Id) ? Guid.NewGuid().ToString("N")[..12] : area.Id[..Math.Min(area.Id.Length, 64)];
            var watch = validator.Validate(area, id, connection.Jurisdiction);
            registry.Subscribe(connection, watch);
            DeliveryLog.Watching(logger, connection.ConnectionId, connection.Recipient, watch.Kind, watch.Centre.Latitude, watch.Centre.Longitude, watch.RadiusKm);
            return watch.ToArea();
        }
        catch (WatchAreaException e)
        {
            throw new HubException(e.Message);
        }
    }

    public bool Unsubscribe(HubCallerContext context, string id) => registry.Unsubscribe(Connection(context), id);

    public void AckUpTo(HubCallerContext context, long sequence) => acks.AckedUpTo(Connection(context), sequence);

    public async Task<ResumeResult> ResumeAsync(HubCallerContext context, long lastSequence)
    {
        if (lastSequence < 0) throw new HubException("lastSequence must not be negative.");
        var connection = Connection(context);
        var caller = hub.Clients.Client(connection.ConnectionId);
        connection.BeginResume();
        long upTo = lastSequence;
        var replayed = 0;
        var reload = false;
        try
        {
            var (logEnd, missed) = await replays.AfterAsync(lastSequence, context.ConnectionAborted);
            // A client claiming a sequence beyond the log (e.g. after a restore) must still get the live events held meanwhile.
            upTo = Math.Min(lastSequence, logEnd);
            if (missed.Count > options.Value.MaxReplay)
            {
                (reload, upTo) = (true, logEnd);
            }
            else
            {
                foreach (var alert in missed)
                {
                    upTo = alert.Sequence;
                    if (!registry.Matches(connection, targeting.FootprintOf(alert))) continue;
                    var e = AlertEvent.For(alert, replayed: true);
                    acks.Delivered(connection, e);
                    await caller.SendAsync(AlertClientMethods.Alert, e);
                    replayed++;
                }
            }
        }
        finally
        {
            // Live events that arrived during the replay, then the gate opens.
            bool opened;
            do
            {
                foreach (var e in connection.DrainHeld(upTo, out opened))
                {
                    acks.Delivered(connection, e);
                    await caller.SendAsync(AlertClientMethods.Alert, e);
                    upTo = e.Sequence;
                }
            } while (!opened);
        }
        var result = new ResumeResult(lastSequence, upTo, replayed, reload);
        await caller.SendAsync(AlertClientMethods.Resumed, result);
        return result;
    }

    ConnectionState Connection(HubCallerContext context) =>
        registry.Find(context.ConnectionId) ?? throw new HubException("Connection is not registered.");
}
