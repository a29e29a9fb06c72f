namespace Sentinela.Server.Storage;

/// <summary>Where Sentinela keeps its records.</summary>
public enum StorageBackend
{
    /// <summary>One SQLite file, for a single process.</summary>
    Embedded,

    /// <summary>PostgreSQL (and, with the Redis half of issue #5, Redis), shared by several instances.</summary>
    Distributed,
}
