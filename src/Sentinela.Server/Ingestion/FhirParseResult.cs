using Hl7.Fhir.Model;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// What <see cref="FhirParser"/> made of a body: either refused as a whole (<see cref="Resource"/> null, the status and
/// issues to answer with), or a resource whose issues, if any, are confined to Bundle entries (by entry index).
/// </summary>
public sealed record FhirParseResult(
    Resource? Resource,
    int Status,
    IReadOnlyList<ParseIssue> Issues,
    IReadOnlyDictionary<int, IReadOnlyList<ParseIssue>> EntryIssues)
{
    static readonly IReadOnlyDictionary<int, IReadOnlyList<ParseIssue>> None = new Dictionary<int, IReadOnlyList<ParseIssue>>();

    public static FhirParseResult Refused(int status, IReadOnlyList<ParseIssue> issues) => new(null, status, issues, None);

    public static FhirParseResult Parsed(Resource resource, IReadOnlyDictionary<int, IReadOnlyList<ParseIssue>>? entryIssues = null) =>
        new(resource, 200, [], entryIssues ?? None);
}
