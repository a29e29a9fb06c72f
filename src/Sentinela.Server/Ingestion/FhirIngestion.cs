using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Audit;
using Sentinela.Server.Identity;
using Sentinela.Server.Storage;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// A laboratory's request from read body to answer: <see cref="HemogramReader"/> makes its hemograms, <see cref="HemogramIntake"/>
/// stores them, and each interaction answers as FHIR does —
/// <list type="bullet">
/// <item>create (<c>POST /fhir/Observation</c>, <c>/fhir/DiagnosticReport</c>): 201 for a new hemogram, 200 for one already
/// stored or revised (amended, corrected, joined by later analytes, retracted), 409 for a change its status does not
/// allow, 404 for a retraction of nothing; the stored hemogram, a summary or nothing, as <c>Prefer: return=</c> asks;</item>
/// <item>batch (<c>POST /fhir</c>): each entry alone, in a batch-response; transaction: all or nothing; each stored entry's
/// response carries its Observation or a summary when <c>Prefer: return=</c> asks for <c>representation</c> or
/// <c>OperationOutcome</c>;</item>
/// <item>a document or collection (<c>POST /fhir/Bundle</c>, as RNDS receives "Resultado de Exame Laboratorial"): all or
/// nothing, answered with an OperationOutcome that says what became of each hemogram (<c>return=minimal</c>: nothing;
/// <c>return=representation</c>: a collection of the stored Observations).</item>
/// </list>
/// Revisions are audited (<see cref="AuditActions.HemogramRevised"/>, <see cref="AuditActions.HemogramRetracted"/>).
/// </summary>
public sealed class FhirIngestion(HemogramReader reader, HemogramIntake intake, IngestionMetrics metrics, AuditTrail audit, MunicipalityTable municipalities,
    IOptions<IngestionOptions> options)
{
    public async Task<FhirResult> CreateAsync(Resource resource, HttpContext context, CancellationToken ct)
    {
        var (submitter, lab) = Caller(context);
        var plan = reader.Read(resource, null, submitter);
        if (plan.AnyRefused) return Refused(lab, plan, unreadable: false);
        var result = (await intake.SubmitAsync([plan.Hemograms[0].Submission], submitter, lab, ct))[0];
        Audit(context, result);
        if (!result.Stored) return FhirResult.Outcome(result.StatusCode, result.RefusalType, result.Describe());
        var body = PreferredReturn(context.Request) switch
        {
            "minimal" => null,
            "OperationOutcome" => Summary(result),
            _ => (Resource)HemogramObservation.From(result.Hemogram!, municipalities),
        };
        return new FhirResult(body, result.StatusCode, LocationOf(result));
    }

    /// <summary>POST /fhir: a batch (each entry on its own) or a transaction (all entries or none).</summary>
    public async Task<FhirResult> ProcessBundleAsync(Bundle bundle, IReadOnlyDictionary<int, IReadOnlyList<ParseIssue>> unreadable, HttpContext context, CancellationToken ct)
    {
        var (submitter, lab) = Caller(context);
        var isTransaction = bundle.Type == Bundle.BundleType.Transaction;
        if (bundle.Type is not (Bundle.BundleType.Batch or Bundle.BundleType.Transaction))
        {
            metrics.Rejected(lab, "not-supported", bundle.Entry.Count);
            return FhirResult.Outcome(400, IssueType.NotSupported, bundle.Type is Bundle.BundleType.Document or Bundle.BundleType.Collection
                ? $"A {bundle.Type.GetLiteral()} Bundle is posted to /fhir/Bundle; /fhir takes batch and transaction Bundles."
                : $"Bundle.type must be batch or transaction, not '{bundle.Type?.GetLiteral()}'.", "Bundle.type");
        }
        if (TooMany(bundle, lab) is { } tooMany) return tooMany;

        RequestPlan plan;
        using (IngestionTracing.Source.StartActivity("ingestion.parse")) plan = reader.Read(bundle, unreadable, submitter);
        if (isTransaction && plan.AnyRefused)
        {
            // The valid entries of a refused transaction are not stored either.
            metrics.Rejected(lab, "transaction-rejected", plan.Hemograms.Count);
            return Refused(lab, plan, plan.AnyUnreadable, "Transaction rejected: nothing was stored.");
        }
        CountRefusals(lab, plan);

        var results = plan.Hemograms.Count == 0 ? []
            : await intake.SubmitAsync(plan.Hemograms.Select(h => h.Submission).ToList(), submitter, lab, ct, allOrNothing: isTransaction);
        foreach (var result in results) Audit(context, result);
        if (isTransaction && results.FirstOrDefault(r => !r.Stored) is { } refused)
        {
            var at = plan.Hemograms[results.ToList().IndexOf(refused)].Entries[0];
            return FhirResult.Outcome(refused.StatusCode, [new(IssueType.Processing, "Transaction rejected: nothing was stored."),
                new(refused.RefusalType, $"entry[{at}]: {refused.Describe()}", $"Bundle.entry[{at}]")]);
        }

        var preferred = PreferredReturn(context.Request);
        var reply = new Bundle
        {
            Type = isTransaction ? Bundle.BundleType.TransactionResponse : Bundle.BundleType.BatchResponse,
            Entry = plan.Entries.Select(entry => entry switch
            {
                { HemogramIndex: { } h } => Entry(results[h], preferred),
                { Refused: true } => new Bundle.EntryComponent
                {
                    Response = new()
                    {
                        Status = entry.Unreadable ? "400 Bad Request" : "422 Unprocessable Entity",
                        Outcome = new OperationOutcome { Issue = entry.Issues.Select(i => i.ToComponent()).ToList() },
                    },
                },
                _ => new Bundle.EntryComponent { Response = new() { Status = "200 OK", Outcome = FhirResult.Information([entry.Note!]) } },
            }).ToList(),
        };
        return new FhirResult(reply, 200);
    }

    /// <summary>POST /fhir/Bundle: a document (RNDS's "Resultado de Exame Laboratorial") or a collection, all or nothing.</summary>
    public async Task<FhirResult> ProcessDocumentAsync(Bundle bundle, IReadOnlyDictionary<int, IReadOnlyList<ParseIssue>> unreadable, HttpContext context, CancellationToken ct)
    {
        var (submitter, lab) = Caller(context);
        if (bundle.Type is not (Bundle.BundleType.Document or Bundle.BundleType.Collection))
        {
            metrics.Rejected(lab, "not-supported", bundle.Entry.Count);
            return FhirResult.Outcome(400, IssueType.NotSupported, bundle.Type is Bundle.BundleType.Batch or Bundle.BundleType.Transaction
                ? $"A {bundle.Type.GetLiteral()} Bundle is posted to /fhir; /fhir/Bundle takes documents and collections."
                : $"Bundle.type must be document or collection, not '{bundle.Type?.GetLiteral()}'.", "Bundle.type");
        }
        if (TooMany(bundle, lab) is { } tooMany) return tooMany;

        RequestPlan plan;
        using (IngestionTracing.Source.StartActivity("ingestion.parse")) plan = reader.Read(bundle, unreadable, submitter);
        if (plan.AnyRefused) return Refused(lab, plan, plan.AnyUnreadable, $"The {bundle.Type.GetLiteral()} was refused: nothing was stored.");

        var results = await intake.SubmitAsync(plan.Hemograms.Select(h => h.Submission).ToList(), submitter, lab, ct, allOrNothing: true);
        foreach (var result in results) Audit(context, result);
        if (results.FirstOrDefault(r => !r.Stored) is { } refused)
            return FhirResult.Outcome(refused.StatusCode, refused.RefusalType,
                $"Nothing was stored: {refused.Describe()}");
        var body = PreferredReturn(context.Request) switch
        {
            "minimal" => null,
            "representation" => new Bundle
            {
                Type = Bundle.BundleType.Collection,
                Entry = results.Select(r => new Bundle.EntryComponent { Resource = HemogramObservation.From(r.Hemogram!, municipalities) }).ToList(),
            },
            _ => (Resource)FhirResult.Information(results.Select(r => r.Describe())),
        };
        return new FhirResult(body, results.Any(r => r.Created) ? 201 : 200, LocationOf(results[0]));
    }

    FhirResult? TooMany(Bundle bundle, string lab)
    {
        if (bundle.Entry.Count <= options.Value.MaxBundleEntries) return null;
        metrics.Rejected(lab, "too-large", bundle.Entry.Count);
        return FhirResult.Outcome(413, IssueType.TooLong, $"The Bundle has {bundle.Entry.Count} entries; the limit is {options.Value.MaxBundleEntries}.", "Bundle.entry");
    }

    FhirResult Refused(string lab, RequestPlan plan, bool unreadable, string? headline = null)
    {
        CountRefusals(lab, plan);
        var issues = plan.Refusals;
        return FhirResult.Outcome(unreadable ? 400 : 422, headline is null ? issues : issues.Prepend(new ParseIssue(IssueType.Processing, headline)));
    }

    void CountRefusals(string lab, RequestPlan plan)
    {
        foreach (var entry in plan.Entries.Where(e => e.Refused)) metrics.Rejected(lab, entry.Issues[0].Code.GetLiteral() ?? "invalid");
    }

    void Audit(HttpContext context, IntakeResult result)
    {
        if (result.Hemogram is not { } h) return;
        if (result.Outcome == WriteOutcome.Updated) audit.Record(AuditActions.HemogramRevised, context, h.Id.ToString(), $"version {h.Version}: {result.Detail}");
        else if (result.Outcome == WriteOutcome.Retracted) audit.Record(AuditActions.HemogramRetracted, context, h.Id.ToString(), $"version {h.Version}: {result.Detail}");
    }

    static (Guid Submitter, string Lab) Caller(HttpContext context)
    {
        var lab = context.User.LabOf()!.Value;
        return (lab, lab.ToString());
    }

    static string? LocationOf(IntakeResult result) =>
        result.Hemogram is { } h ? $"/fhir/Observation/{h.Id}/_history/{h.Version}" : null;

    /// <summary>A hemogram entry's answer: its stored Observation with <c>return=representation</c>, a summary with findings with <c>return=OperationOutcome</c>.</summary>
    Bundle.EntryComponent Entry(IntakeResult result, string? preferred) => new()
    {
        Resource = preferred == "representation" && result.Stored ? HemogramObservation.From(result.Hemogram!, municipalities) : null,
        Response = new()
        {
            Status = result.StatusCode switch { 201 => "201 Created", 200 => "200 OK", 409 => "409 Conflict", _ => "404 Not Found" },
            Location = result.Hemogram is { } h && result.Stored ? $"Observation/{h.Id}/_history/{h.Version}" : null,
            Outcome = !result.Stored
                ? new OperationOutcome { Issue = [new ParseIssue(result.RefusalType, result.Describe()).ToComponent()] }
                : preferred == "OperationOutcome" ? Summary(result)
                : result.Outcome is WriteOutcome.Created ? null
                : FhirResult.Information([result.Describe()]),
        },
    };

    static string? PreferredReturn(HttpRequest request) =>
        request.Headers["Prefer"].ToString().Split(';', ',').Select(p => p.Trim())
            .FirstOrDefault(p => p.StartsWith("return=", StringComparison.Ordinal))?["return=".Length..];

    static OperationOutcome Summary(IntakeResult result) => FhirResult.Information(
        [$"{result.Describe()}; findings: " + (result.Hemogram!.Findings.Count == 0 ? "none" : string.Join(", ", result.Hemogram.Findings.Select(f => f.Condition.ToString())))]);
}
