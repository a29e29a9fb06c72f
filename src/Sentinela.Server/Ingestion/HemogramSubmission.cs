using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>What the parser keeps from a FHIR hemogram: identity for idempotency, place, person band, time and values.</summary>
public sealed record HemogramSubmission(
    string SourceIdentity,
    string? Lab,
    Municipality Municipality,
    GeoPoint Location,
    Sex Sex,
    int? AgeYears,
    DateTimeOffset CollectedAt,
    IReadOnlyList<Measurement> Measurements);
