using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// What became of one accepted hemogram: the stored hemogram as it now stands (null when a retraction found nothing),
/// what the write did, and why (for an update, a conflict or a miss).
/// </summary>
public sealed record IntakeResult(Hemogram? Hemogram, WriteOutcome Outcome, string? Detail = null)
{
    public bool Created => Outcome == WriteOutcome.Created;

    /// <summary>Whether a hemogram stands for this write (created, unchanged or revised), as opposed to refused or missing.</summary>
    public bool Stored => Outcome is not (WriteOutcome.Conflict or WriteOutcome.NotFound);

    /// <summary>The FHIR status of the response: 201 for a new hemogram, 200 for any other stored outcome, 409 or 404 otherwise.</summary>
    public int StatusCode => Outcome switch
    {
        WriteOutcome.Created => 201,
        WriteOutcome.Conflict => 409,
        WriteOutcome.NotFound => 404,
        _ => 200,
    };

    /// <summary>The OperationOutcome issue type of a write that was not stored: a conflict, or nothing to retract.</summary>
    public IssueType RefusalType => Outcome == WriteOutcome.Conflict ? IssueType.Conflict : IssueType.NotFound;

    /// <summary>"Stored", "Already stored", "Updated to version 2 (amended)", …</summary>
    public string Describe() => Outcome switch
    {
        WriteOutcome.Created => $"Stored as {Hemogram!.Id}",
        WriteOutcome.Unchanged => $"Already stored as {Hemogram!.Id} (version {Hemogram.Version})",
        WriteOutcome.Updated => $"Updated {Hemogram!.Id} to version {Hemogram.Version} ({Detail})",
        WriteOutcome.Retracted => $"Retracted {Hemogram!.Id} in version {Hemogram.Version}: kept for audit, no longer counted",
        WriteOutcome.Conflict => $"Not changed: {Detail}",
        _ => $"Nothing to retract: {Detail}",
    };
}
