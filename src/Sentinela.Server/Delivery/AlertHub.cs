using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.SignalR;

namespace Sentinela.Server.Delivery;

/// <summary>
/// The real-time hub. Clients subscribe to watch areas, acknowledge cumulatively the highest sequence they processed
/// (<see cref="AckUpTo"/>), and after a reconnect resume from the last sequence they processed: the missed events
/// matching their areas are replayed in order before live ones. Only health managers connect (the endpoint's
/// authorization policy, checked once per connection), and they receive only alerts that reach their jurisdiction.
/// </summary>
public sealed class AlertHub(RealtimeSessions sessions) : Hub
{
    public override Task OnConnectedAsync() => sessions.ConnectedAsync(Context, Transport());

    public override Task OnDisconnectedAsync(Exception? exception) => sessions.DisconnectedAsync(Context, Transport());

    public WatchArea Subscribe(WatchArea area) => sessions.Subscribe(Context, area);

    public bool Unsubscribe(string id) => sessions.Unsubscribe(Context, id);

    /// <summary>Every event sent to this connection with a sequence up to <paramref name="sequence"/> was processed.</summary>
    public void AckUpTo(long sequence) => sessions.AckUpTo(Context, sequence);

    public Task<ResumeResult> Resume(long lastSequence) => sessions.ResumeAsync(Context, lastSequence);

    string Transport() => Context.Features.Get<IHttpTransportFeature>()?.TransportType.ToString() ?? "unknown";
}
