using Sentinela.Server.Hemograms;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>One generated hemogram before it is written as FHIR: values in canonical units, indexed by <see cref="HemogramParameter"/>.</summary>
public sealed record SyntheticHemogram(
    DateTimeOffset CollectedAt,
    SimulatedMunicipality Municipality,
    double Latitude,
    double Longitude,
    Sex Sex,
    DateOnly BirthDate,
    double[] Values);
