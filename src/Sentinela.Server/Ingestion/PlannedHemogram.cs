namespace Sentinela.Server.Ingestion;

/// <summary>One hemogram of a request, with the entries it came from (the report's first, when it is a report).</summary>
public sealed record PlannedHemogram(HemogramSubmission Submission, IReadOnlyList<int> Entries);
