namespace Sentinela.Server.Limits;

/// <summary>
/// Each user's real-time connections across the deployment: the per-user connection limit counts them, and the push
/// policy asks whether a user is connected anywhere. Embedded: this process; distributed: Redis.
/// </summary>
public interface IPresence
{
    /// <summary>The user's open connections on every instance.</summary>
    ValueTask<int> ConnectionsOfAsync(string user, CancellationToken ct);

    /// <summary>Counts a new connection unless the user already holds <paramref name="limit"/>; atomic across instances.</summary>
    ValueTask<bool> TryConnectAsync(string user, int limit, CancellationToken ct);

    ValueTask DisconnectedAsync(string user, CancellationToken ct);
}
