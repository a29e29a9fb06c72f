using Hl7.Fhir.Model;
using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;
using Hl7.Fhir.Utility;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// The FHIR R4 surface: hemograms in (Observation, DiagnosticReport, batch/transaction Bundle, document/collection
/// Bundle, rest-hook) from laboratories, within their per-minute quota; metadata for anyone; stored hemograms (and their
/// versions) out to health managers within their jurisdiction and to the laboratory that submitted them; alerts out as
/// Communications. JSON or XML both ways (<see cref="FhirFormat"/>).
/// </summary>
public static class FhirEndpoints
{
    public static IEndpointRouteBuilder MapFhir(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").WithTags("FHIR");
        var submit = fhir.MapGroup("/").RequireAuthorization(SentinelaPolicies.SubmitHemograms);
        submit.MapPost("/Observation", (HttpRequest r, FhirRequestReader reader, FhirIngestion ingestion, IngestionQuota quota, IngestionMetrics metrics, CancellationToken ct) =>
            CreateAsync<Observation>(r, reader, ingestion, quota, metrics, ct));
        submit.MapPost("/DiagnosticReport", (HttpRequest r, FhirRequestReader reader, FhirIngestion ingestion, IngestionQuota quota, IngestionMetrics metrics, CancellationToken ct) =>
            CreateAsync<DiagnosticReport>(r, reader, ingestion, quota, metrics, ct));
        submit.MapPost("/", ProcessBundleAsync);
        submit.MapPost("/Bundle", ProcessDocumentAsync);
        submit.MapMethods("/subscription-hook/{**resource}", ["POST", "PUT"], ReceiveNotificationAsync);
        fhir.MapBulkImport();
        fhir.MapGet("/metadata", (HttpRequest request) =>
            new FhirResult(CapabilityStatementFactory.Create($"{request.Scheme}://{request.Host}/fhir"), 200))
            .RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        var hemograms = fhir.MapGroup("/").RequireAuthorization(SentinelaPolicies.ReadHemograms).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        hemograms.MapGet("/Observation/{id}", (string id, IHemogramStore store, MunicipalityTable municipalities, HttpContext context, CancellationToken ct) =>
            ReadObservationAsync(id, null, store, municipalities, context, ct));
        hemograms.MapGet("/Observation/{id}/_history/{version}", (string id, string version, IHemogramStore store, MunicipalityTable municipalities, HttpContext context,
            CancellationToken ct) => ReadObservationAsync(id, version, store, municipalities, context, ct));
        hemograms.MapGet("/Observation/{id}/_history", ReadHistoryAsync);
        var read = fhir.MapGroup("/").RequireAuthorization(SentinelaPolicies.ReadAlerts).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        read.MapGet("/Communication/{id}", ReadCommunicationAsync);
        return app;
    }

    static async Task<FhirResult> CreateAsync<T>(HttpRequest request, FhirRequestReader reader, FhirIngestion ingestion, IngestionQuota quota,
        IngestionMetrics metrics, CancellationToken ct) where T : Resource
    {
        var type = typeof(T).Name;
        var lab = LabOf(request);
        using var receive = StartReceive(lab, type);
        var read = await reader.ReadAsync(request, ct);
        if (read.Error is not null) return Rejected(metrics, lab, read.Error, 1);
        if (read.Resource is not T resource)
            return Rejected(metrics, lab, FhirResult.Outcome(400, IssueType.Invalid,
                $"Expected {(type[0] is 'O' ? "an" : "a")} {type}, got {read.Resource!.TypeName}; send Bundles to POST /fhir (batch, transaction) or /fhir/Bundle (document, collection)."), 1);
        if (await OverQuotaAsync(request, quota, 1, ct) is { } refused) return Rejected(metrics, lab, refused, 1);
        using (IngestionTracing.Source.StartActivity("ingestion.parse"))
            return await ingestion.CreateAsync(resource, request.HttpContext, ct);
    }

    static async Task<FhirResult> ProcessBundleAsync(HttpRequest request, FhirRequestReader reader, FhirIngestion ingestion, IngestionQuota quota,
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
            : await ingestion.ProcessBundleAsync(bundle, read.EntryIssues, request.HttpContext, ct);
    }

    static async Task<FhirResult> ProcessDocumentAsync(HttpRequest request, FhirRequestReader reader, FhirIngestion ingestion, IngestionQuota quota,
        IngestionMetrics metrics, CancellationToken ct)
    {
        var lab = LabOf(request);
        using var receive = StartReceive(lab, "document");
        var read = await reader.ReadAsync(request, ct);
        if (read.Error is not null) return Rejected(metrics, lab, read.Error, 1);
        if (read.Resource is not Bundle bundle)
            return Rejected(metrics, lab, FhirResult.Outcome(400, IssueType.Invalid, $"Expected a Bundle of type document or collection, got {read.Resource!.TypeName}."), 1);
        receive?.SetTag("sentinela.bundle.entries", bundle.Entry.Count);
        // A document is one report; it counts as the hemograms its Observations could at most make.
        var hemograms = Math.Max(1, bundle.Entry.Count(e => e.Resource is Observation or DiagnosticReport));
        return await OverQuotaAsync(request, quota, hemograms, ct) is { } refused
            ? Rejected(metrics, lab, refused, hemograms)
            : await ingestion.ProcessDocumentAsync(bundle, read.EntryIssues, request.HttpContext, ct);
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
            : await hook.HandleAsync(read, request.HttpContext.User.LabOf()!.Value, ct);
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

    /// <summary>
    /// A stored hemogram, or one of its versions (vread): to a health manager when it was collected inside their
    /// jurisdiction, to a laboratory when it submitted it; 404 otherwise (its existence is not theirs to know).
    /// </summary>
    static async Task<FhirResult> ReadObservationAsync(string id, string? version, IHemogramStore store, MunicipalityTable municipalities, HttpContext context,
        CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid)) return NotFound("Observation", id);
        if (version is null)
        {
            var found = await store.GetAsync([guid], ct);
            return found.Count == 0 || !MayRead(context, found[0]) ? NotFound("Observation", id) : new FhirResult(HemogramObservation.From(found[0], municipalities), 200);
        }
        if (!int.TryParse(version, out var v)) return NotFound("Observation", $"{id}/_history/{version}");
        var versions = await store.HistoryAsync(guid, ct);
        return versions.Count == 0 || !MayRead(context, versions[^1]) || versions.FirstOrDefault(h => h.Version == v) is not { } wanted
            ? NotFound("Observation", $"{id}/_history/{version}")
            : new FhirResult(HemogramObservation.From(wanted, municipalities), 200);
    }

    static async Task<FhirResult> ReadHistoryAsync(string id, IHemogramStore store, MunicipalityTable municipalities, HttpContext context, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid)) return NotFound("Observation", id);
        var versions = await store.HistoryAsync(guid, ct);
        if (versions.Count == 0 || !MayRead(context, versions[^1])) return NotFound("Observation", id);
        var history = new Bundle
        {
            Type = Bundle.BundleType.History,
            Total = versions.Count,
            // Newest first, as a FHIR history is.
            Entry = versions.Reverse().Select(h => new Bundle.EntryComponent
            {
                FullUrl = $"{context.Request.Scheme}://{context.Request.Host}/fhir/Observation/{h.Id}",
                Resource = HemogramObservation.From(h, municipalities),
                Request = new Bundle.RequestComponent { Method = h.Version == 1 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT, Url = $"Observation/{h.Id}" },
                Response = new Bundle.ResponseComponent { Status = h.Version == 1 ? "201 Created" : "200 OK", LastModified = h.UpdatedAt ?? h.ReceivedAt },
            }).ToList(),
        };
        return new FhirResult(history, 200);
    }

    static bool MayRead(HttpContext context, Hemogram hemogram) =>
        context.User.RoleOf() == Role.Laboratory
            ? hemogram.Submitter is { } submitter && submitter == context.User.LabOf()
            : context.User.JurisdictionOf() is { } jurisdiction && jurisdiction.ContainsMunicipality(hemogram.MunicipalityCode);

    static async Task<FhirResult> ReadCommunicationAsync(string id, IAlertStore alerts, AlertFootprints footprints, HttpContext context, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid) || await alerts.GetAsync(guid, ct) is not { } alert
            || !context.User.JurisdictionOf()!.Covers(footprints.Of(alert)))
            return NotFound("Communication", id);
        return new FhirResult(AlertCommunication.From(alert), 200);
    }

    static FhirResult NotFound(string type, string id) => FhirResult.Outcome(404, IssueType.NotFound, $"{type}/{id} is not known.");
}
