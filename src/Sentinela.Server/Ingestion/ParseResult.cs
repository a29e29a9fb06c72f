namespace Sentinela.Server.Ingestion;

/// <summary>Either a submission or the reasons it was refused.</summary>
public sealed record ParseResult(HemogramSubmission? Submission, IReadOnlyList<ParseIssue> Issues)
{
    public bool Succeeded => Submission is not null;
    public static ParseResult Ok(HemogramSubmission s) => new(s, []);
    public static ParseResult Fail(IReadOnlyList<ParseIssue> issues) => new(null, issues);
}
