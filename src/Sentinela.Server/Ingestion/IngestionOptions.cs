using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Ingestion;

/// <summary>Sentinela:Ingestion — limits and de-identification knobs of the FHIR endpoints.</summary>
public sealed class IngestionOptions : IValidatableObject
{
    public const string Section = "Sentinela:Ingestion";

    /// <summary>Largest accepted request body, in bytes (default 1 MiB).</summary>
    [Range(1024, 64 * 1024 * 1024)] public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Deepest nesting a FHIR body may have (JSON objects and arrays, XML elements), checked before it is deserialised:
    /// the deserialisers recurse per level, and a stack overflow ends the process. A hemogram Bundle nests about 15 deep.
    /// </summary>
    [Range(16, 512)] public int MaxDepth { get; set; } = 64;

    /// <summary>
    /// Most JSON values or XML elements a FHIR body may have, checked before it is deserialised: a 1 MiB body of tiny
    /// values would otherwise become half a million objects. A hemogram is about 80; a full Bundle about 80 per entry.
    /// </summary>
    [Range(1_000, 10_000_000)] public int MaxElements { get; set; } = 200_000;

    /// <summary>
    /// Whether the common hemogram JSON shapes are read by <see cref="LeanHemogramJson"/> instead of Firely's deserialiser
    /// (same result, conformance-tested; off only to rule it out when investigating).
    /// </summary>
    public bool LeanJsonReader { get; set; } = true;

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

    /// <summary>
    /// Whether a preliminary result counts in the analysis counters (it is always stored, flagged). On: an outbreak shows
    /// as soon as the analysers report; the final result replaces the preliminary's count, so nothing counts twice.
    /// </summary>
    public bool CountPreliminary { get; set; } = true;

    /// <summary>
    /// How long after a hemogram's first result later analytes of the same draw (same specimen identifier, report or
    /// document, or same subject and collection time) join it instead of starting another hemogram.
    /// </summary>
    public TimeSpan MergeWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Largest NDJSON body <c>POST /fhir/$import</c> accepts, in bytes (default 256 MiB; each line is still held to <see cref="MaxBodyBytes"/>).</summary>
    [Range(1024, 16L * 1024 * 1024 * 1024)] public long MaxImportBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Most imports an instance holds waiting or running at once (each laboratory has at most one).</summary>
    [Range(1, 100)] public int MaxPendingImports { get; set; } = 4;

    /// <summary>How long a finished import's outcome stays readable at its status URL.</summary>
    public TimeSpan ImportRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often an instance writes the progress of its imports and reads cancellations asked elsewhere; an unfinished
    /// import not written for 15 of these reads as failed (its instance stopped).
    /// </summary>
    public TimeSpan ImportHeartbeat { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often an instance reloads the registered laboratories (CNES → municipality) that locate hemograms.</summary>
    public TimeSpan LaboratoryRefresh { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!string.IsNullOrWhiteSpace(SourceFhirServer)
            && !(Uri.TryCreate(SourceFhirServer, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return new ValidationResult($"SourceFhirServer '{SourceFhirServer}' must be an absolute http(s) URL, or empty.", [nameof(SourceFhirServer)]);
        if (MaxClockSkew < TimeSpan.Zero || MaxClockSkew > TimeSpan.FromDays(1))
            yield return new ValidationResult("MaxClockSkew must be between 00:00:00 and 1.00:00:00.", [nameof(MaxClockSkew)]);
        if (MergeWindow < TimeSpan.Zero || MergeWindow > TimeSpan.FromDays(30))
            yield return new ValidationResult("MergeWindow must be between 00:00:00 and 30.00:00:00.", [nameof(MergeWindow)]);
        if (ImportRetention < TimeSpan.FromMinutes(1) || ImportRetention > TimeSpan.FromDays(30))
            yield return new ValidationResult("ImportRetention must be between 00:01:00 and 30.00:00:00.", [nameof(ImportRetention)]);
        if (ImportHeartbeat < TimeSpan.FromMilliseconds(100) || ImportHeartbeat > TimeSpan.FromMinutes(1))
            yield return new ValidationResult("ImportHeartbeat must be between 00:00:00.1 and 00:01:00.", [nameof(ImportHeartbeat)]);
        if (LaboratoryRefresh < TimeSpan.FromSeconds(1) || LaboratoryRefresh > TimeSpan.FromHours(1))
            yield return new ValidationResult("LaboratoryRefresh must be between 00:00:01 and 01:00:00.", [nameof(LaboratoryRefresh)]);
    }
}
