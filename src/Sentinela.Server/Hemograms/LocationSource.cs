namespace Sentinela.Server.Hemograms;

/// <summary>
/// Which part of a submission placed a hemogram in its municipality, in the order they are tried (docs/API.md, "Location"):
/// the most precise first, the laboratory's own municipality last.
/// </summary>
public enum LocationSource
{
    /// <summary>Stored before the source was recorded.</summary>
    Unknown,
    /// <summary>A geolocation extension on the result or on the patient's address.</summary>
    Coordinates,
    /// <summary>The Encounter's Location: its position or its address.</summary>
    Encounter,
    /// <summary>The patient's address: IBGE code, or city and state matched against the municipality table.</summary>
    PatientAddress,
    /// <summary>The performing Organization's address.</summary>
    PerformerAddress,
    /// <summary>The registered laboratory whose CNES the performer names.</summary>
    RegisteredLab,
    /// <summary>The municipality of the laboratory account that submitted it.</summary>
    SubmittingLab,
}
