namespace Sentinela.Server.Limits;

/// <summary>Presence kept in memory: one embedded instance holds every connection.</summary>
public sealed class LocalPresence : IPresence
{
    readonly Lock _gate = new();
    readonly Dictionary<string, int> _byUser = [];

    public ValueTask<int> ConnectionsOfAsync(string user, CancellationToken ct)
    {
        lock (_gate) return ValueTask.FromResult(_byUser.GetValueOrDefault(user));
    }

    public ValueTask<bool> TryConnectAsync(string user, int limit, CancellationToken ct)
    {
        lock (_gate)
        {
            var count = _byUser.GetValueOrDefault(user);
            if (count >= limit) return ValueTask.FromResult(false);
            _byUser[user] = count + 1;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask DisconnectedAsync(string user, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_byUser.GetValueOrDefault(user) <= 1) _byUser.Remove(user);
            else _byUser[user]--;
        }
        return ValueTask.CompletedTask;
    }
}
