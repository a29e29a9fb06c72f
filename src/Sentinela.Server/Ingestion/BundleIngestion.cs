using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// A Bundle of type batch (each entry succeeds or fails alone) or transaction (all entries or none), answered with a
/// batch-response / transaction-response Bundle whose entries follow the request's order. Observations that are
/// hasMember targets of a panel in the same Bundle are stored as part of that panel; Patients, Organizations and other
/// supporting resources are only read for references and never stored.
/// </summary>
public sealed class BundleIngestion(HemogramParser parser, HemogramIntake intake, IngestionMetrics metrics, Microsoft.Extensions.Options.IOptions<IngestionOptions> options)
{
    static readonly HashSet<string> SupportingTypes = ["Patient", "Organization", "Practitioner", "PractitionerRole", "Location", "Specimen", "Encounter"];

    /// <param name="unreadable">Entries the parser could not read, by index, with why (<see cref="FhirParseResult.EntryIssues"/>).</param>
    /// <param name="lab">The submitting laboratory account, for metrics.</param>
    public async Task<FhirResult> ProcessAsync(Bundle bundle, IReadOnlyDictionary<int, IReadOnlyList<ParseIssue>> unreadable, string lab, CancellationToken ct)
    {
        var isTransaction = bundle.Type == Bundle.BundleType.Transaction;
        if (bundle.Type is not (Bundle.BundleType.Batch or Bundle.BundleType.Transaction))
        {
            metrics.Rejected(lab, "not-supported", bundle.Entry.Count);
            return FhirResult.Outcome(400, IssueType.NotSupported, $"Bundle.type must be batch or transaction, not '{bundle.Type}'.", "Bundle.type");
        }
        if (bundle.Entry.Count > options.Value.MaxBundleEntries)
        {
            metrics.Rejected(lab, "too-large", bundle.Entry.Count);
            return FhirResult.Outcome(413, IssueType.TooLong, $"The Bundle has {bundle.Entry.Count} entries; the limit is {options.Value.MaxBundleEntries}.", "Bundle.entry");
        }

        // An unreadable entry may hold values that throw when read, so it takes no part in references or panels.
        var readable = bundle.Entry.Where((_, i) => !unreadable.ContainsKey(i)).ToList();
        var resolver = ReferenceResolver.ForBundle(readable);
        var members = PanelMembers(readable);
        var responses = new Bundle.ResponseComponent[bundle.Entry.Count];
        var submissions = new List<(int Entry, HemogramSubmission Submission)>();
        var failures = new List<ParseIssue>();
        var malformed = false;

        using var parse = IngestionTracing.Source.StartActivity("ingestion.parse");
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            IReadOnlyList<ParseIssue>? issues = null;
            if (unreadable.TryGetValue(i, out var broken))
            {
                issues = broken;
                malformed = true;
            }
            else switch (entry.Resource)
                {
                    case null:
                        issues = [new(IssueType.Required, "The entry has no resource.", $"Bundle.entry[{i}]")];
                        break;
                    case Observation o when members.Contains(entry.FullUrl ?? "") || members.Contains($"Observation/{o.Id}"):
                        responses[i] = Response("200 OK", info: "Stored as a member of the CBC panel in this Bundle.");
                        break;
                    case Observation o:
                        var parsed = parser.Parse(o, resolver);
                        if (parsed.Submission is { } submission) submissions.Add((i, submission));
                        else issues = parsed.Issues.Select(x => x with { Expression = InEntry(i, x.Expression) }).ToList();
                        break;
                    case var r when SupportingTypes.Contains(r.TypeName):
                        responses[i] = Response("200 OK", info: $"{r.TypeName} read for references only; Sentinela stores no personal data.");
                        break;
                    case var r:
                        issues = [new(IssueType.NotSupported, $"Resource type {r.TypeName} is not accepted; send hemogram Observations.", $"Bundle.entry[{i}].resource")];
                        break;
                }
            if (issues is null) continue;
            metrics.Rejected(lab, issues[0].Code.GetLiteral() ?? "invalid");
            responses[i] = Response(broken is null ? "422 Unprocessable Entity" : "400 Bad Request", issues);
            failures.AddRange(issues.Select(x => x with { Diagnostics = $"entry[{i}]: {x.Diagnostics}" }));
        }

        parse?.Dispose();

        if (isTransaction && failures.Count > 0)
        {
            // The valid entries of a refused transaction are not stored either.
            metrics.Rejected(lab, "transaction-rejected", submissions.Count);
            return FhirResult.Outcome(malformed ? 400 : 422, failures.Prepend(new ParseIssue(IssueType.Processing, "Transaction rejected: nothing was stored.")));
        }

        if (submissions.Count > 0)
        {
            var results = await intake.SubmitAsync(submissions.Select(s => s.Submission).ToList(), lab, ct);
            for (var j = 0; j < results.Count; j++)
                responses[submissions[j].Entry] = new Bundle.ResponseComponent
                {
                    Status = results[j].Created ? "201 Created" : "200 OK",
                    Location = $"Observation/{results[j].Hemogram.Id}",
                };
        }

        var reply = new Bundle
        {
            Type = isTransaction ? Bundle.BundleType.TransactionResponse : Bundle.BundleType.BatchResponse,
            Entry = responses.Select(r => new Bundle.EntryComponent { Response = r }).ToList(),
        };
        return new FhirResult(reply, 200);
    }

    /// <summary>The parser points into the Observation; in a Bundle that Observation is an entry's resource.</summary>
    static string InEntry(int entry, string? expression) =>
        expression is not null && expression.StartsWith("Observation", StringComparison.Ordinal)
            ? $"Bundle.entry[{entry}].resource{expression["Observation".Length..]}"
            : $"Bundle.entry[{entry}].resource";

    static HashSet<string> PanelMembers(IEnumerable<Bundle.EntryComponent> entries) =>
        entries.Select(e => e.Resource).OfType<Observation>()
            .SelectMany(o => o.HasMember).Select(r => r.Reference).OfType<string>().ToHashSet();

    static Bundle.ResponseComponent Response(string status, IReadOnlyList<ParseIssue>? issues = null, string? info = null) => new()
    {
        Status = status,
        Outcome = issues is not null
            ? new OperationOutcome { Issue = issues.Select(i => i.ToComponent()).ToList() }
            : info is null ? null : new OperationOutcome
            {
                Issue = [new() { Severity = OperationOutcome.IssueSeverity.Information, Code = IssueType.Informational, Diagnostics = info }],
            },
    };
}
