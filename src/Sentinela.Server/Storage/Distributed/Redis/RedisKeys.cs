namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// Every key Sentinela writes to Redis. The part in braces is the Cluster hash tag: keys that a script or a reader uses
/// together share a tag (so one slot), and unrelated things spread over the masters (one slot per client IP for logins).
/// </summary>
public static class RedisKeys
{
    /// <summary>The alert stream: every logged version once, the recent alert history (trimmed to about MaxLength).</summary>
    public const string AlertStream = "{alerts}:stream";

    /// <summary>Pub/sub channel that wakes stream readers at once; a missed nudge only costs one poll interval.</summary>
    public const string AlertNudge = "{alerts}:nudge";

    /// <summary>Hash: instance id → unix ms until which its presence counts are trusted (its heartbeat).</summary>
    public const string PresenceInstances = "{presence}:instances";

    /// <summary>Hash: instance id → that instance's open connections of the user.</summary>
    public static string PresenceUser(string user) => "{presence}:user:" + user;

    /// <summary>Hash: instance id → its hub connections (rebalancing); beside it, instance id → unix ms until which that count holds.</summary>
    public const string RebalanceConnections = "{rebalance}:connections";

    public const string RebalanceDeadlines = "{rebalance}:deadlines";

    public static string LoginFailures(string ip) => "{login:" + ip + "}:failures";

    public static string LoginBlocked(string ip) => "{login:" + ip + "}:blocked";

    /// <summary>Hash: window segment → permits taken, for one rate-limit partition (a client IP, a laboratory).</summary>
    public static string RateWindow(string partition) => "{rate:" + partition + "}";

    /// <summary>A refresh token's entry (MessagePack); its "used" and "revoked" keys share its slot, so one script decides a use.</summary>
    public static string RefreshToken(string hash) => "{refresh:" + hash + "}";

    public static string RefreshTokenUsed(string hash) => "{refresh:" + hash + "}:used";

    public static string RefreshTokenRevoked(string hash) => "{refresh:" + hash + "}:revoked";

    /// <summary>Set: the hashes of a token family's tokens; its "revoked" key marks the family as revoked.</summary>
    public static string RefreshFamily(Guid family) => "{refresh-family:" + family + "}";

    public static string RefreshFamilyRevoked(Guid family) => "{refresh-family:" + family + "}:revoked";

    /// <summary>Set: the token families of a user, for revoking them all.</summary>
    public static string RefreshUser(Guid user) => "{refresh-user:" + user + "}";
}
