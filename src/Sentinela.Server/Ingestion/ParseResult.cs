namespace Sentinela.Server.Ingestion;

/// <summary>
/// What the parser made of one result resource: a reading, or the reasons it was refused. Neither for a result of
/// another exam inside a report or document (<see cref="ReadScope.OnlyHemogram"/>), which is left out.
/// </summary>
public sealed record ParseResult(ResultReading? Reading, IReadOnlyList<ParseIssue> Issues)
{
    public bool Succeeded => Reading is not null;
    public bool LeftOut => Reading is null && Issues.Count == 0;
    public static ParseResult Ok(ResultReading reading) => new(reading, []);
    public static ParseResult Fail(IReadOnlyList<ParseIssue> issues) => new(null, issues);
    public static readonly ParseResult NotHemogram = new(null, []);
}
