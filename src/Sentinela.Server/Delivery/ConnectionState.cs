using System.Net;
using Sentinela.Server.Identity;
using Sentinela.Server.Notifications;

namespace Sentinela.Server.Delivery;

/// <summary>
/// One live hub connection: who it is, what it watches, and the resume gate. While a resume replays the log, live events
/// for this connection are held and released after the replay, so replayed events always come first and in order.
/// </summary>
public sealed class ConnectionState(string connectionId, string recipient, Jurisdiction jurisdiction, IPAddress ip)
{
    readonly Lock _gate = new();
    readonly Dictionary<string, Watch> _watches = [];
    List<AlertEvent>? _held;

    public string ConnectionId => connectionId;
    /// <summary>The user deliveries are recorded for.</summary>
    public string Recipient => recipient;

    /// <summary>Where the user's authority runs: the connection receives only alerts that reach it.</summary>
    public Jurisdiction Jurisdiction => jurisdiction;

    public IPAddress Ip => ip;

    /// <summary>What was sent here and not yet acknowledged.</summary>
    public PendingDeliveries Pending { get; } = new();

    /// <summary>The user's notification preferences: which event types and severities reach this connection.</summary>
    public NotificationPreferences Preferences { get; set; } = NotificationPreferences.Default;

    /// <summary>Closes the connection from the server's side (set when the hub registers it).</summary>
    public Action Close { get; set; } = () => { };

    public IReadOnlyList<Watch> Watches
    {
        get { lock (_gate) return [.. _watches.Values]; }
    }

    public int WatchCount
    {
        get { lock (_gate) return _watches.Count; }
    }

    /// <summary>Adds or replaces the watch with this id; returns the one it replaced.</summary>
    public Watch? Add(Watch watch)
    {
        lock (_gate)
        {
            _watches.Remove(watch.Id, out var replaced);
            _watches[watch.Id] = watch;
            return replaced;
        }
    }

    public Watch? Remove(string id)
    {
        lock (_gate) return _watches.Remove(id, out var removed) ? removed : null;
    }

    public void BeginResume()
    {
        lock (_gate) _held ??= [];
    }

    /// <summary>False when the connection is resuming: the event was held and will be sent by <see cref="EndResume"/>.</summary>
    public bool TryPassLive(AlertEvent e)
    {
        lock (_gate)
        {
            if (_held is null) return true;
            _held.Add(e);
            return false;
        }
    }

    /// <summary>
    /// Takes the held live events newer than <paramref name="after"/>, in order. When none were held the gate opens and
    /// later events pass live; otherwise the caller sends the batch and drains again, so nothing overtakes it.
    /// </summary>
    public IReadOnlyList<AlertEvent> DrainHeld(long after, out bool opened)
    {
        lock (_gate)
        {
            var held = _held ?? [];
            opened = held.Count == 0;
            var batch = held.Where(e => e.Sequence > after).OrderBy(e => e.Sequence).ToList();
            if (opened) _held = null;
            else held.Clear();
            return batch;
        }
    }
}
