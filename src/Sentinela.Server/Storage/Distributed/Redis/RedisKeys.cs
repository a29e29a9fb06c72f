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

    public static string LoginFailures(string ip) => "{login:" + ip + "}:failures";

    public static string LoginBlocked(string ip) => "{login:" + ip + "}:blocked";

    /// <summary>Hash: window segment → permits taken, for one rate-limit partition (a client IP, a laboratory).</summary>
    public static string RateWindow(string partition) => "{rate:" + partition + "}";
}
