using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Sentinela.Geography;
using Sentinela.Server.Alerts.Evidence;
using Sentinela.Server.Alerts.Workflow;
using Sentinela.Server.Audit;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Alerts;

/// <summary>
/// GET /api/alerts (filters, paging, ETag/If-None-Match, deltas with sinceSequence) and GET /api/alerts/{id} with history
/// and evidence. Every listing for a given URL changes only when the alert log grows, so its ETag is the log's last sequence.
/// Health managers only; each sees the alerts that reach their jurisdiction and the evidence collected inside it.
/// </summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts")
            .RequireAuthorization(SentinelaPolicies.ReadAlerts).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        alerts.MapGet("/", ListAsync);
        alerts.MapGet("/{id:guid}", GetAsync);
        alerts.MapAlertKpis();
        alerts.MapEvidenceCsv();
        return app;
    }

    static async Task<Results<Ok<AlertList>, StatusCodeHttpResult, ValidationProblem>> ListAsync(
        HttpContext context, IAlertStore store, AuditTrail audit, CancellationToken ct,
        long? sinceSequence, DateTimeOffset? since, string? state, int? municipality, string? parameter, string? status, long? before, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        BrazilianState? uf = null;
        if (state is not null && !BrazilianState.TryFind(state, out uf)) errors["state"] = [$"'{state}' is not a UF abbreviation or IBGE state code."];
        HemogramParameter? p = null;
        if (parameter is not null)
        {
            if (HemogramParameters.TryParse(parameter, out var parsed)) p = parsed;
            else errors["parameter"] = [$"'{parameter}' is not one of: {string.Join(", ", HemogramParameters.All.Select(x => x.ApiName()))}."];
        }
        AlertStatus? s = null;
        if (status is not null)
        {
            if (Enum.TryParse<AlertStatus>(status, ignoreCase: true, out var parsed)) s = parsed;
            else errors["status"] = ["Use active or resolved."];
        }
        if (limit is < 1 or > 500) errors["limit"] = ["Must be between 1 and 500."];
        if (sinceSequence is < 0) errors["sinceSequence"] = ["Must not be negative."];
        if (municipality is not null and not (>= 1_000_000 and <= 9_999_999)) errors["municipality"] = ["Use the 7-digit IBGE code."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var lastSequence = await store.LastSequenceAsync(ct);
        var etag = new EntityTagHeaderValue($"\"{lastSequence}\"", isWeak: true);
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);

        var query = new AlertQuery(sinceSequence, since, uf?.Code, municipality, p, s, before, limit ?? 50, context.User.JurisdictionOf());
        var items = await store.ListAsync(query, ct);
        if (items.Count > 0) audit.Record(AuditActions.AlertsListed, context, detail: string.Join(",", items.Select(a => $"{a.Id}@{a.Version}")));
        context.Response.GetTypedHeaders().ETag = etag;
        var nextBefore = sinceSequence is null && items.Count == query.Limit ? items[^1].Sequence : (long?)null;
        return TypedResults.Ok(new AlertList(items, lastSequence, sinceSequence is not null, nextBefore));
    }

    static async Task<Results<Ok<AlertDetails>, ProblemHttpResult>> GetAsync(
        Guid id, IAlertStore alerts, IHemogramStore hemograms, IAlertHandlingStore handling, AlertFootprints footprints, AuditTrail audit, HttpContext context, CancellationToken ct)
    {
        var jurisdiction = context.User.JurisdictionOf()!;
        // An alert outside the reader's jurisdiction is "not found": its existence is not theirs to know.
        if (await alerts.GetAsync(id, ct) is not { } alert || !jurisdiction.Covers(footprints.Of(alert)))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Alert not found", detail: $"No alert with id {id}.");
        var history = await alerts.HistoryAsync(id, ct);
        var evidence = (await hemograms.GetAsync(await alerts.EvidenceAsync(id, ct), ct))
            .Where(h => jurisdiction.ContainsMunicipality(h.MunicipalityCode))
            .OrderBy(h => h.CollectedAt)
            .Select(h => new EvidenceItem(h.Id, h.CollectedAt, h.MunicipalityCode, h.Location.Latitude, h.Location.Longitude,
                h.Lab, h.Sex, h.AgeBand, alert.Parameter is { } p ? h.ValueOf(p) : null, alert.Parameter?.CanonicalUnit() ?? "",
                h.LocationSource, h.Status, h.Version))
            .ToList();
        audit.Record(AuditActions.AlertRead, context, alert.Id.ToString(), $"version {alert.Version}");
        audit.Record(AuditActions.EvidenceRead, context, alert.Id.ToString(), string.Join(",", evidence.Select(e => e.HemogramId)));
        var handled = await handling.ForAlertAsync(id, ct);
        var escalation = (await handling.EscalationsAsync([id], ct)).GetValueOrDefault(id);
        context.Response.GetTypedHeaders().ETag =
            new EntityTagHeaderValue($"\"{alert.Id}-{alert.Version}-{evidence.Count}-{handled.Count}-{(escalation is null ? 0 : 1)}\"", isWeak: true);
        return TypedResults.Ok(new AlertDetails(alert, history, evidence, handled, AlertClock.Of(alert, handled, escalation?.At)));
    }
}
