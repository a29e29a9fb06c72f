namespace Sentinela.Server.Hemograms;

/// <summary>
/// One laboratory result resource behind a hemogram: a CBC Observation, one single-analyte Observation of a report or
/// specimen, or a panel with its members. Its identity (<see cref="Key"/>, a keyed hash like the hemogram's SourceKey) makes
/// a resubmission idempotent and an amendment or retraction find what it changes.
/// </summary>
/// <param name="ContentHash">A hash of what Sentinela read from it (status, values, absences, place, time); equal for a resubmission.</param>
/// <param name="SeenHashes">Every content this result has had, so a late retry of an earlier version changes nothing.</param>
/// <param name="AbsentMask">One bit per parameter reported with a dataAbsentReason instead of a value.</param>
public sealed record HemogramMember(
    string Key,
    string ContentHash,
    ResultStatus Status,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<Finding> Findings,
    uint AbsentMask,
    IReadOnlyList<string> SeenHashes)
{
    public bool IsRetracted => Status == ResultStatus.Retracted;

    /// <summary>Whether this contribution may no longer be replaced by a result that is merely final or preliminary.</summary>
    public bool IsFinal => Status is ResultStatus.Final or ResultStatus.Amended or ResultStatus.Corrected;

    public bool Saw(string contentHash)
    {
        foreach (var seen in SeenHashes)
            if (seen == contentHash) return true;
        return false;
    }
}
