using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>Sentinela:Storage:Embedded — the single-process SQLite store.</summary>
public sealed class EmbeddedStorageOptions
{
    public const string Section = "Sentinela:Storage:Embedded";

    /// <summary>SQLite file; relative paths are under the working directory.</summary>
    [Required] public string Path { get; set; } = "data/sentinela.db";

    /// <summary>Most hemograms written in one group-commit transaction.</summary>
    [Range(1, 100_000)] public int MaxBatch { get; set; } = 512;
}
