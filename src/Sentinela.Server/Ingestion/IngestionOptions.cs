using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Ingestion;

/// <summary>Sentinela:Ingestion — limits and de-identification knobs of the FHIR endpoints.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Sentinela:Ingestion";

    /// <summary>Largest accepted request body, in bytes (default 1 MiB).</summary>
    [Range(1024, 64 * 1024 * 1024)] public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Decimals kept of a coordinate (2 ≈ 1.1 km): coarse enough not to single out a home.</summary>
    [Range(1, 4)] public int CoordinateDecimals { get; set; } = 2;

    /// <summary>Furthest a coordinate-only submission may be from a known municipality centroid.</summary>
    [Range(1, 500)] public double MaxNearestMunicipalityKm { get; set; } = 60;

    /// <summary>How far in the future a collection time may be (lab clock skew) before it is refused.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest number of entries in one Bundle.</summary>
    [Range(1, 10_000)] public int MaxBundleEntries { get; set; } = 1000;

    /// <summary>The FHIR server a Subscription rest-hook notifies from; id-only and empty notifications are read back from it.</summary>
    public string? SourceFhirServer { get; set; }
}
