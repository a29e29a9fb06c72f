namespace Sentinela.Server.Ingestion;

/// <summary>The hemograms a request makes and what became of each of its entries (<see cref="HemogramReader"/>).</summary>
public sealed record RequestPlan(IReadOnlyList<PlannedHemogram> Hemograms, IReadOnlyList<PlannedEntry> Entries)
{
    public bool AnyRefused => Entries.Any(e => e.Refused);
    public bool AnyUnreadable => Entries.Any(e => e.Unreadable);

    /// <summary>Every refusal, each issue prefixed with its entry when there are several entries.</summary>
    public IEnumerable<ParseIssue> Refusals => Entries.SelectMany((e, i) => Entries.Count == 1 ? e.Issues
        : e.Issues.Select(x => x with { Diagnostics = $"entry[{i}]: {x.Diagnostics}" }));
}
