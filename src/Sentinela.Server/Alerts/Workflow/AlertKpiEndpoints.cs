using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Geography;
using Sentinela.Server.Identity;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Alerts.Workflow;

/// <summary>
/// GET /api/alerts/kpis?state=&amp;municipality=&amp;from=&amp;to=: <see cref="AlertKpis"/> of the alerts raised in [from, to)
/// (default: the last 30 days) that reach the reader's jurisdiction, optionally only those centred in one state or municipality.
/// Outbreak alerts only: a feed-silence notice is an operational matter, not a signal to verify.
/// </summary>
public static class AlertKpiEndpoints
{
    static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);
    static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);
    const int Page = 500;

    public static RouteGroupBuilder MapAlertKpis(this RouteGroupBuilder alerts)
    {
        alerts.MapGet("/kpis", GetAsync);
        return alerts;
    }

    static async Task<Results<Ok<AlertKpis>, ValidationProblem>> GetAsync(
        HttpContext context, IAlertStore store, IAlertHandlingStore handlings, TimeProvider time, CancellationToken ct,
        string? state, int? municipality, DateTimeOffset? from, DateTimeOffset? to)
    {
        var now = time.GetUtcNow();
        var (end, errors) = (to ?? now, new Dictionary<string, string[]>());
        var start = from ?? end - DefaultPeriod;
        BrazilianState? uf = null;
        if (state is not null && !BrazilianState.TryFind(state, out uf)) errors["state"] = [$"'{state}' is not a UF abbreviation or IBGE state code."];
        if (municipality is not null and not (>= 1_000_000 and <= 9_999_999)) errors["municipality"] = ["Use the 7-digit IBGE code."];
        if (start >= end) errors["from"] = ["Must be before 'to'."];
        else if (end - start > MaxPeriod) errors["from"] = ["The period may span at most 366 days."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        // An alert raised in the period was last updated after its start, so the store's update-time filter narrows the read.
        var raised = new List<OutbreakAlert>();
        for (long? before = null; ;)
        {
            var page = await store.ListAsync(new AlertQuery(Since: start, StateCode: uf?.Code, MunicipalityCode: municipality, Before: before,
                Limit: Page, Within: context.User.JurisdictionOf()), ct);
            // Feed-silence notices are about the surveillance system, not signals to verify: they stay out of the indicators.
            raised.AddRange(page.Where(a => a.Type == AlertType.Outbreak && a.RaisedAt >= start && a.RaisedAt < end));
            if (page.Count < Page) break;
            before = page[^1].Sequence;
        }
        var clocks = new List<AlertClock>(raised.Count);
        foreach (var chunk in raised.Chunk(Page))
        {
            var ids = chunk.Select(a => a.Id).ToList();
            var steps = await handlings.ForAlertsAsync(ids, ct);
            var escalations = await handlings.EscalationsAsync(ids, ct);
            clocks.AddRange(chunk.Select(a => AlertClock.Of(a, steps.GetValueOrDefault(a.Id) ?? [], escalations.GetValueOrDefault(a.Id)?.At)));
        }
        return TypedResults.Ok(AlertKpis.Compute(start, end, clocks, now));
    }
}
