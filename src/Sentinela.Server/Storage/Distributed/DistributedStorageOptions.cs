using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>Sentinela:Storage:Distributed — the PostgreSQL store shared by several instances.</summary>
public sealed class DistributedStorageOptions
{
    public const string Section = "Sentinela:Storage:Distributed";

    /// <summary>Npgsql connection string, e.g. "Host=db;Database=sentinela;Username=sentinela;Password=…".</summary>
    [Required(AllowEmptyStrings = false)] public string PostgreSql { get; set; } = "";

    /// <summary>StackExchange.Redis configuration for the Redis half of the distributed backend (shared radius index, alert decisions); empty = one instance only.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Apply pending migrations when the server starts; when false, start only if `sentinela-server migrate` has run.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Most hemograms written in one group-commit transaction.</summary>
    [Range(1, 100_000)] public int MaxBatch { get; set; } = 512;

    /// <summary>Monthly hemogram partitions created ahead of the current month at start-up (others are created on first use).</summary>
    [Range(0, 24)] public int PartitionMonthsAhead { get; set; } = 2;
}
