namespace Sentinela.Server.Storage;

/// <summary>What storing one hemogram write did.</summary>
public enum WriteOutcome
{
    /// <summary>A new hemogram.</summary>
    Created,
    /// <summary>Already stored as sent (a resubmission, or a late retry of an earlier version): nothing changed.</summary>
    Unchanged,
    /// <summary>A new version of a stored hemogram: amended, corrected, finalised, joined by more results, or one result retracted.</summary>
    Updated,
    /// <summary>A new version in which every result is retracted: kept for audit, no longer counted.</summary>
    Retracted,
    /// <summary>Refused: it would replace a stored result in a way its status does not allow (a final over a final, a preliminary over a final).</summary>
    Conflict,
    /// <summary>A retraction of a result that is not stored.</summary>
    NotFound,
}
