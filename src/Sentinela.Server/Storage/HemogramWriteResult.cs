using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Storage;

/// <summary>
/// Outcome of storing one hemogram write: the stored hemogram's id and sequence, what happened, and, when the store has
/// it at hand, the hemogram as it now stands. <paramref name="Detail"/> says why for an update, a conflict or a miss.
/// </summary>
public sealed record HemogramWriteResult(Guid Id, long Sequence, WriteOutcome Outcome, Hemogram? Current = null, string? Detail = null)
{
    public bool Created => Outcome == WriteOutcome.Created;

    /// <summary>Whether a hemogram is stored for this write (created, unchanged or revised), as opposed to refused or missing.</summary>
    public bool Stored => Outcome is not (WriteOutcome.Conflict or WriteOutcome.NotFound);
}
