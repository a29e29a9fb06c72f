using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>Sentinela:Storage:Distributed — PostgreSQL (durable records) and Redis (bus, presence, counters, radius index, decision lease) shared by several instances.</summary>
public sealed class DistributedStorageOptions
{
    public const string Section = "Sentinela:Storage:Distributed";

    /// <summary>Npgsql connection string, e.g. "Host=db;Database=sentinela;Username=sentinela;Password=…".</summary>
    [Required(AllowEmptyStrings = false)] public string PostgreSql { get; set; } = "";

    /// <summary>
    /// StackExchange.Redis configuration string: one endpoint, Cluster nodes, or Sentinels with serviceName=…. Empty: one
    /// instance on PostgreSQL with bus, presence and login counters in memory.
    /// </summary>
    public string Redis { get; set; } = "";

    /// <summary>About how many alert versions the Redis stream keeps (the recent alert history).</summary>
    [Range(100, 10_000_000)] public int AlertStreamMaxLength { get; set; } = 10_000;

    /// <summary>How often an instance reads the alert stream when no pub/sub nudge woke it (a nudge lost in a reconnect).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")] public TimeSpan AlertPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often an instance compares the alert log's last sequence with what it delivered; a version still missing at the
    /// next check (published while Redis was away, trimmed off the stream) is delivered from the log. One cheap query each.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")] public TimeSpan AlertLogCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an instance renews its presence counts in Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan PresenceHeartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an instance's counts hold without a heartbeat; then a dead instance's connections no longer count.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")] public TimeSpan PresenceExpiry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Apply pending migrations when the server starts; when false, start only if `sentinela-server migrate` has run.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Most hemograms written in one group-commit transaction.</summary>
    [Range(1, 100_000)] public int MaxBatch { get; set; } = 512;

    /// <summary>Monthly hemogram partitions created ahead of the current month at start-up (others are created on first use).</summary>
    [Range(0, 24)] public int PartitionMonthsAhead { get; set; } = 2;
}
