using Hl7.Fhir.Model;
using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;
using Hl7.Fhir.Utility;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// The FHIR R4 surface: hemograms in (Observation, Bundle, rest-hook) from laboratories, within their per-minute quota;
/// metadata for anyone; stored hemograms and alerts out to health managers within their jurisdiction.
/// </summary>
public static class FhirEndpoints
{
    public static IEndpointRouteBuilder MapFhir(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").WithTags("FHIR");
        var submit = fhir.MapGroup("/").RequireAuthorization(SentinelaPolicies.SubmitHemograms);
        submit.MapPost("/Observation", CreateObservationAsync);
        submit.MapPost("/", ProcessBundleAsync);
        submit.MapMethods("/subscription-hook/{**resource}", ["POST", "PUT"], ReceiveNotificationAsync);
        fhir.MapGet("/metadata", (HttpRequest request) =>
            new FhirResult(CapabilityStatementFactory.Create($"{request.Scheme}://{request.Host}/fhir"), 200))
            .RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        var read = fhir.MapGroup("/").RequireAuthorization(SentinelaPolicies.ReadAlerts).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        read.MapGet("/Observation/{id}", ReadObservationAsync);
        read.MapGet("/Communication/{id}", ReadCommunicationAsync);
        return app;
    }

    static async Task<FhirResult> CreateObservationAsync(HttpRequest request, FhirRequestReader reader, HemogramParser parser,
        HemogramIntake intake, IngestionQuota quota, IngestionMetrics metrics, MunicipalityTable municipalities, CancellationToken ct)
    {
        var lab = LabOf(request);
        using var receive = StartReceive(lab, "Observation");
        var read = await reader.ReadAsync(request, ct);
        if (read.Error is not null) return Rejected(metrics, lab, read.Error, 1);
        if (read.Resource is not Observation observation)
            return Rejected(metrics, lab, FhirResult.Outcome(400, IssueType.Invalid, $"Expected an Observation, got {read.Resource!.TypeName}; send Bundles to POST /fhir."), 1);
        if (await OverQuotaAsync(request, quota, 1, ct) is { } refused) return Rejected(metrics, lab, refused, 1);

        ParseResult parsed;
        using (IngestionTracing.Source.StartActivity("ingestion.parse")) parsed = parser.Parse(observation, ReferenceResolver.ContainedOnly);
        if (parsed.Submission is null) return Rejected(metrics, lab, FhirResult.Outcome(422, parsed.Issues), 1);

        var result = (await intake.SubmitAsync([parsed.Submission], lab, ct))[0];
        var body = PreferredReturn(request) switch
        {
            "minimal" => null,
            "OperationOutcome" => Summary(result),
            _ => (Resource)HemogramObservation.From(result.Hemogram, municipalities),
        };
        return new FhirResult(body, result.Created ? 201 : 200, $"/fhir/Observation/{result.Hemogram.Id}/_history/1");
    }

    static async Task<FhirResult> ProcessBundleAsync(HttpRequest request, FhirRequestReader reader, BundleIngestion bundles, IngestionQuota quota,
        IngestionMetrics metrics, CancellationToken ct)
    {
        var lab = LabOf(request);
        using var receive = StartReceive(lab, "Bundle");
        var read = await reader.ReadAsync(request, ct);
        if (read.Error is not null) return Rejected(metrics, lab, read.Error, 1);
        if (read.Resource is not Bundle bundle)
            return Rejected(metrics, lab, FhirResult.Outcome(400, IssueType.Invalid, $"Expected a Bundle of type batch or transaction, got {read.Resource!.TypeName}."), 1);
        receive?.SetTag("sentinela.bundle.entries", bundle.Entry.Count);
        return await OverQuotaAsync(request, quota, bundle.Entry.Count, ct) is { } refused
            ? Rejected(metrics, lab, refused, bundle.Entry.Count)
            : await bundles.ProcessAsync(bundle, read.EntryIssues, lab, ct);
    }

    static async Task<FhirResult> ReceiveNotificationAsync(HttpRequest request, FhirRequestReader reader, SubscriptionHook hook, IngestionQuota quota,
        IngestionMetrics metrics, CancellationToken ct)
    {
        var lab = LabOf(request);
        using var receive = StartReceive(lab, "rest-hook");
        var read = await reader.ReadAsync(request, ct);
        var hemograms = read.Resource is Bundle notification ? notification.Entry.Count : 1;
        return await OverQuotaAsync(request, quota, hemograms, ct) is { } refused
            ? Rejected(metrics, lab, refused, hemograms)
            : await hook.HandleAsync(read, lab, ct);
    }

    static string LabOf(HttpRequest request) => request.HttpContext.User.LabOf()!.Value.ToString();

    static System.Diagnostics.Activity? StartReceive(string lab, string kind) =>
        IngestionTracing.Source.StartActivity("ingestion.receive")?.SetTag("sentinela.lab", lab).SetTag("fhir.request", kind);

    /// <summary>Counts a whole request's refusal under the reason its OperationOutcome gives (the first issue's type).</summary>
    static FhirResult Rejected(IngestionMetrics metrics, string lab, FhirResult refusal, int hemograms)
    {
        var reason = refusal.StatusCode switch
        {
            413 => "too-large",
            429 => "quota",
            _ => (refusal.Resource as OperationOutcome)?.Issue.FirstOrDefault()?.Code?.GetLiteral() ?? refusal.StatusCode.ToString(),
        };
        metrics.Rejected(lab, reason, Math.Max(hemograms, 1));
        return refusal;
    }

    /// <summary>429 (or 413 for a Bundle larger than a minute's quota) when the lab may not submit this many hemograms now.</summary>
    static async Task<FhirResult?> OverQuotaAsync(HttpRequest request, IngestionQuota quota, int hemograms, CancellationToken ct)
    {
        if (hemograms > quota.PerMinute)
            return FhirResult.Outcome(413, IssueType.TooCostly, $"{hemograms} entries exceed the {quota.PerMinute} hemograms per minute allowed to a laboratory; split the Bundle.");
        if (await quota.TryTakeAsync(LabOf(request), Math.Max(hemograms, 1), ct) is not { } wait) return null;
        request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
        return FhirResult.Outcome(429, IssueType.Throttled, $"This laboratory's limit of {quota.PerMinute} hemograms per minute is reached; retry later.");
    }

    static async Task<FhirResult> ReadObservationAsync(string id, IHemogramStore store, MunicipalityTable municipalities, HttpContext context, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid)) return NotFound("Observation", id);
        var found = await store.GetAsync([guid], ct);
        return found.Count == 0 || !context.User.JurisdictionOf()!.ContainsMunicipality(found[0].MunicipalityCode)
            ? NotFound("Observation", id)
            : new FhirResult(HemogramObservation.From(found[0], municipalities), 200);
    }

    static async Task<FhirResult> ReadCommunicationAsync(string id, IAlertStore alerts, AlertFootprints footprints, HttpContext context, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid) || await alerts.GetAsync(guid, ct) is not { } alert
            || !context.User.JurisdictionOf()!.Covers(footprints.Of(alert)))
            return NotFound("Communication", id);
        return new FhirResult(AlertCommunication.From(alert), 200);
    }

    static FhirResult NotFound(string type, string id) => FhirResult.Outcome(404, IssueType.NotFound, $"{type}/{id} is not known.");

    static string? PreferredReturn(HttpRequest request) =>
        request.Headers["Prefer"].ToString().Split(';', ',').Select(p => p.Trim())
            .FirstOrDefault(p => p.StartsWith("return=", StringComparison.Ordinal))?["return=".Length..];

    static OperationOutcome Summary(IntakeResult result) => new()
    {
        Issue =
        [
            new()
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = IssueType.Informational,
                Diagnostics = (result.Created ? "Stored" : "Already stored") + $" as {result.Hemogram.Id}; findings: "
                    + (result.Hemogram.Findings.Count == 0 ? "none" : string.Join(", ", result.Hemogram.Findings.Select(f => f.Condition.ToString()))),
            },
        ],
    };
}
