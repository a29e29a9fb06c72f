using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Delivery;

/// <summary>
/// The real-time hub. Clients subscribe to watch areas, acknowledge what they receive, and after a reconnect resume from
/// the last sequence they processed: the missed events matching their areas are replayed in order before live ones.
/// Only health managers connect, and they receive only alerts that reach their jurisdiction.
/// </summary>
[Authorize(Policy = SentinelaPolicies.ReadAlerts)]
public sealed class AlertHub(
    ConnectionRegistry registry,
    WatchValidator validator,
    AlertTargeting targeting,
    AckTracker acks,
    IAlertStore alerts,
    ConnectionLimits limits,
    INotificationPreferencesStore preferences,
    IOptions<DeliveryOptions> options,
    DeliveryMetrics metrics,
    LimitsMetrics limitsMetrics,
    ILogger<AlertHub> logger) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        var ip = Context.GetHttpContext()?.Connection.RemoteIpAddress ?? IPAddress.None;
        if (user.SubjectOf() is not { } id || user.JurisdictionOf() is not { } jurisdiction) throw new HubException("No user in the access token.");
        var wanted = Guid.TryParse(id, out var userId) ? await preferences.GetAsync(userId, Context.ConnectionAborted) : null;
        if (!await limits.TryAddAsync(id, ip, Context.ConnectionAborted))
        {
            limitsMetrics.Rejected(LimitsMetrics.Connection);
            throw new HubException("Connection limit reached.");
        }
        registry.Connect(Context.ConnectionId, id, jurisdiction, ip).Preferences = wanted ?? Notifications.NotificationPreferences.Default;
        metrics.Connected(Transport());
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var connection = registry.Disconnect(Context.ConnectionId);
        if (connection is not null) metrics.Disconnected(Transport());
        acks.Closed(Context.ConnectionId);
        // Not the connection's token: it is already cancelled, and the count must still go down.
        if (connection is not null) await limits.RemoveAsync(connection.Recipient, connection.Ip, CancellationToken.None);
    }

    public WatchArea Subscribe(WatchArea area)
    {
        var connection = Connection();
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

    public bool Unsubscribe(string id) => registry.Unsubscribe(Connection(), id);

    public void Ack(Guid alertId, int version) => acks.Acked(Connection(), alertId, version);

    public async Task<ResumeResult> Resume(long lastSequence)
    {
        if (lastSequence < 0) throw new HubException("lastSequence must not be negative.");
        var connection = Connection();
        var ct = Context.ConnectionAborted;
        connection.BeginResume();
        long upTo = lastSequence;
        var replayed = 0;
        var reload = false;
        try
        {
            var logEnd = await alerts.LastSequenceAsync(ct);
            // A client claiming a sequence beyond the log (e.g. after a restore) must still get the live events held meanwhile.
            upTo = Math.Min(lastSequence, logEnd);
            var missed = await alerts.EventsAfterAsync(lastSequence, options.Value.MaxReplay + 1, ct);
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
                    await Clients.Caller.SendAsync(AlertClientMethods.Alert, e);
                    acks.Delivered(connection, e);
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
                    await Clients.Caller.SendAsync(AlertClientMethods.Alert, e);
                    acks.Delivered(connection, e);
                    upTo = e.Sequence;
                }
            } while (!opened);
        }
        var result = new ResumeResult(lastSequence, upTo, replayed, reload);
        await Clients.Caller.SendAsync(AlertClientMethods.Resumed, result);
        return result;
    }

    string Transport() => Context.Features.Get<IHttpTransportFeature>()?.TransportType.ToString() ?? "unknown";

    ConnectionState Connection() =>
        registry.Find(Context.ConnectionId) ?? throw new HubException("Connection is not registered.");
}
