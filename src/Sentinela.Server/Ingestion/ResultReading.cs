using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// One result resource as the parser read it (an Observation with components, a panel with its members, or a single
/// analyte): the member a hemogram is made of. A retraction needs only its identity; the rest may be missing.
/// </summary>
/// <param name="Identity">Who it is across requests (source | identifier, or id, or …), before the keyed hash.</param>
/// <param name="SingleAnalyte">One value at the Observation's level: it may join others of its draw into one hemogram.</param>
/// <param name="SpecimenIdentity">The specimen's business identifier (or accession), which later analytes of the draw share.</param>
/// <param name="SpecimenReference">The specimen reference as written, which results of one request share.</param>
/// <param name="SubjectIdentity">The subject's reference or identifier, which with the collection time identifies a draw.</param>
public sealed record ResultReading(
    string Identity,
    ResultStatus Status,
    IReadOnlyList<Measurement> Measurements,
    uint AbsentMask,
    bool SingleAnalyte,
    DateTimeOffset? CollectedAt,
    PlacedLocation? Place,
    string? Lab,
    Sex Sex,
    int? AgeYears,
    string? SpecimenIdentity,
    string? SpecimenReference,
    string? SubjectIdentity);
