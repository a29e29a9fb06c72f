using System.Collections.Concurrent;
using System.Net;
using Sentinela.Server.Alerts;
using Sentinela.Server.Identity;
using Sentinela.Server.Notifications;

namespace Sentinela.Server.Delivery;

/// <summary>
/// This instance's connections and an index of their watch areas: state and municipality watches by code, circles in a
/// 1° grid by centre. <see cref="Match"/> gathers candidates from the index and confirms each with exact
/// <see cref="AlertTargeting"/> and the connection's jurisdiction, so an alert is offered only to the connections whose
/// areas it intersects and whose users may see it.
/// </summary>
public sealed class ConnectionRegistry(AlertTargeting targeting)
{
    const double CellDegrees = 1.0;

    readonly ConcurrentDictionary<string, ConnectionState> _connections = new();
    readonly Lock _indexGate = new();
    readonly Dictionary<int, HashSet<(ConnectionState, Watch)>> _byState = [];
    readonly Dictionary<int, HashSet<(ConnectionState, Watch)>> _byMunicipality = [];
    readonly Dictionary<(int, int), HashSet<(ConnectionState, Watch)>> _circles = [];
    double _largestCircleKm;

    public int Count => _connections.Count;

    /// <summary>Every connection of this instance (a live view: connections may come and go while it is read).</summary>
    public IEnumerable<ConnectionState> All => _connections.Values;

    public ConnectionState Connect(string connectionId, string recipient, Jurisdiction jurisdiction, IPAddress ip)
    {
        return _connections[connectionId] = new ConnectionState(connectionId, recipient, jurisdiction, ip);
    }

    public ConnectionState? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public ConnectionState? Disconnect(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var connection)) return null;
        foreach (var watch in connection.Watches) Unindex(connection, watch);
        return connection;
    }

    public void Subscribe(ConnectionState connection, Watch watch)
    {
        if (connection.Add(watch) is { } replaced) Unindex(connection, replaced);
        lock (_indexGate)
        {
            Bucket(watch).Add((connection, watch));
            if (watch.Kind == WatchKind.Circle) _largestCircleKm = Math.Max(_largestCircleKm, watch.RadiusKm);
        }
    }

    public bool Unsubscribe(ConnectionState connection, string watchId)
    {
        if (connection.Remove(watchId) is not { } watch) return false;
        Unindex(connection, watch);
        return true;
    }

    /// <summary>The connections whose watch areas the alert intersects (each once).</summary>
    public IReadOnlyList<ConnectionState> Match(AlertFootprint footprint)
    {
        var candidates = new List<(ConnectionState Connection, Watch Watch)>();
        lock (_indexGate)
        {
            foreach (var state in footprint.States)
                if (_byState.TryGetValue(state, out var set)) candidates.AddRange(set);
            foreach (var code in footprint.Municipalities)
                if (_byMunicipality.TryGetValue(code, out var set)) candidates.AddRange(set);
            candidates.AddRange(CircleCandidates(footprint));
        }
        return candidates.Where(c => c.Connection.Jurisdiction.Covers(footprint) && c.Connection.Preferences.Wants(footprint.Alert)
                && targeting.Matches(footprint, c.Watch))
            .Select(c => c.Connection).Distinct().ToList();
    }

    /// <summary>A live connection's own check, used when replaying the log to one client.</summary>
    public bool Matches(ConnectionState connection, AlertFootprint footprint) =>
        connection.Jurisdiction.Covers(footprint) && connection.Preferences.Wants(footprint.Alert)
        && connection.Watches.Any(w => targeting.Matches(footprint, w));

    /// <summary>New preferences apply at once to the user's open connections on this instance.</summary>
    public void UpdatePreferences(string recipient, NotificationPreferences preferences)
    {
        foreach (var connection in _connections.Values.Where(c => c.Recipient == recipient)) connection.Preferences = preferences;
    }

    IEnumerable<(ConnectionState, Watch)> CircleCandidates(AlertFootprint footprint)
    {
        var area = footprint.Alert.Area;
        // A watch circle can reach the alert from as far as the two radii together.
        var (dLat, dLon) = area.Centre.DegreesFor(area.RadiusKm + _largestCircleKm);
        var found = new List<(ConnectionState, Watch)>();
        for (var la = Cell(area.Centre.Latitude - dLat); la <= Cell(area.Centre.Latitude + dLat); la++)
            for (var lo = Cell(area.Centre.Longitude - dLon); lo <= Cell(area.Centre.Longitude + dLon); lo++)
                if (_circles.TryGetValue((la, lo), out var set)) found.AddRange(set);
        return found;
    }

    HashSet<(ConnectionState, Watch)> Bucket(Watch watch)
    {
        HashSet<(ConnectionState, Watch)> Get<TKey>(Dictionary<TKey, HashSet<(ConnectionState, Watch)>> map, TKey key) where TKey : notnull =>
            map.TryGetValue(key, out var set) ? set : map[key] = [];
        return watch.Kind switch
        {
            WatchKind.State => Get(_byState, watch.StateCode),
            WatchKind.Municipality => Get(_byMunicipality, watch.MunicipalityCode!.Value),
            _ => Get(_circles, (Cell(watch.Centre.Latitude), Cell(watch.Centre.Longitude))),
        };
    }

    void Unindex(ConnectionState connection, Watch watch)
    {
        lock (_indexGate) Bucket(watch).Remove((connection, watch));
    }

    static int Cell(double degrees) => (int)Math.Floor(degrees / CellDegrees);
}
