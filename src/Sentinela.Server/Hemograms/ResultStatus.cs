namespace Sentinela.Server.Hemograms;

/// <summary>
/// A laboratory result's FHIR status as Sentinela acts on it (Observation / DiagnosticReport / Composition.status).
/// registered, unknown and other statuses are not results and are refused before they get here.
/// </summary>
public enum ResultStatus
{
    /// <summary>preliminary; a DiagnosticReport's partial.</summary>
    Preliminary,
    Final,
    /// <summary>amended; a DiagnosticReport's appended.</summary>
    Amended,
    Corrected,
    /// <summary>entered-in-error or cancelled: takes back a stored result.</summary>
    Retracted,
}
