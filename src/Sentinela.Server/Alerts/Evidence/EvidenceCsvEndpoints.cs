using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Server.Audit;
using Sentinela.Server.Identity;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Alerts.Evidence;

/// <summary>
/// GET /api/alerts/{id}/evidence.csv: the alert's evidence inside the reader's jurisdiction as a de-identified line list
/// (<see cref="EvidenceCsv"/>), audited like the details' evidence.
/// </summary>
public static class EvidenceCsvEndpoints
{
    public static RouteGroupBuilder MapEvidenceCsv(this RouteGroupBuilder alerts)
    {
        alerts.MapGet("/{id:guid}/evidence.csv", GetAsync);
        return alerts;
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, IAlertStore alerts, IHemogramStore hemograms, AlertFootprints footprints, AuditTrail audit, HttpContext context, CancellationToken ct)
    {
        var jurisdiction = context.User.JurisdictionOf()!;
        if (await alerts.GetAsync(id, ct) is not { } alert || !jurisdiction.Covers(footprints.Of(alert)))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Alert not found", detail: $"No alert with id {id}.");
        var evidence = (await hemograms.GetAsync(await alerts.EvidenceAsync(id, ct), ct))
            .Where(h => jurisdiction.ContainsMunicipality(h.MunicipalityCode))
            .OrderBy(h => h.CollectedAt)
            .ToList();
        audit.Record(AuditActions.EvidenceExported, context, alert.Id.ToString(), string.Join(",", evidence.Select(h => h.Id)));
        var csv = System.Text.Encoding.UTF8.GetBytes(EvidenceCsv.Write(alert, evidence));
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"sentinela-evidencias-{alert.Id}.csv");
    }
}
