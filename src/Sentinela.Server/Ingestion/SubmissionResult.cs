namespace Sentinela.Server.Ingestion;

/// <summary>One Observation made into its hemogram (<see cref="HemogramParser.Parse"/>), or the reasons it was refused.</summary>
public sealed record SubmissionResult(HemogramSubmission? Submission, IReadOnlyList<ParseIssue> Issues)
{
    public bool Succeeded => Submission is not null;
    public static SubmissionResult Ok(HemogramSubmission s) => new(s, []);
    public static SubmissionResult Fail(IReadOnlyList<ParseIssue> issues) => new(null, issues);
}
