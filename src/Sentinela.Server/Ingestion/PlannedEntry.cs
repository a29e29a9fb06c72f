namespace Sentinela.Server.Ingestion;

/// <summary>
/// What one entry of a request is (the body itself counts as entry 0): a result of a hemogram (<see cref="HemogramIndex"/>
/// into <see cref="RequestPlan.Hemograms"/>, answered with that hemogram's outcome), refused (<see cref="Issues"/>, 400 when
/// unreadable, 422 otherwise), or read for references only, or left out (<see cref="Note"/>, 200).
/// </summary>
public sealed record PlannedEntry(int? HemogramIndex, IReadOnlyList<ParseIssue> Issues, string? Note, bool Unreadable = false)
{
    public bool Refused => Issues.Count > 0;
    public static PlannedEntry Of(int hemogram) => new(hemogram, [], null);
    public static PlannedEntry Refuse(IReadOnlyList<ParseIssue> issues, bool unreadable = false) => new(null, issues, null, unreadable);
    public static PlannedEntry Noted(string note) => new(null, [], note);
}
