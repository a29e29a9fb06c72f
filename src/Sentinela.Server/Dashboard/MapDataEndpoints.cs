using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Geography;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Dashboard;

/// <summary>
/// What the dashboard's map draws, limited to the reader's jurisdiction: municipality centroids
/// (GET /api/geography/municipalities), abnormal-hemogram density per municipality (GET /api/hemograms/density) and observed
/// against expected per municipality from the learned baseline (GET /api/map/municipalities). Asking for a state or municipality outside it is 403.
/// </summary>
public static class MapDataEndpoints
{
    public const int MaxHours = 168;

    /// <summary>The choropleth's longest window: four weeks, well within the days the analysis keeps.</summary>
    public const int MaxDays = 28;

    public static IEndpointRouteBuilder MapMapData(this IEndpointRouteBuilder app)
    {
        var map = app.MapGroup("/api").WithTags("Map")
            .RequireAuthorization(SentinelaPolicies.ReadAlerts).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        map.MapGet("/geography/municipalities", Municipalities);
        map.MapGet("/hemograms/density", DensityAsync);
        map.MapGet("/map/municipalities", ExcessAsync);
        return app;
    }

    static Results<Ok<IReadOnlyList<MunicipalityPoint>>, ValidationProblem, ProblemHttpResult> Municipalities(
        string? state, MunicipalityTable table, HttpContext context)
    {
        if (Repeated(context) is { } repeated) return repeated;
        if (Region(context, state, null, out var region) is { } refused) return refused;
        var jurisdiction = context.User.JurisdictionOf()!;
        IEnumerable<Municipality> found = region switch
        {
            { MunicipalityCode: { } code } => table.Find(code) is { } m ? [m] : [],
            { StateCode: { } uf } => table.InState(uf),
            _ => table.All,
        };
        context.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.Ok<IReadOnlyList<MunicipalityPoint>>(found.Where(m => jurisdiction.ContainsMunicipality(m.IbgeCode))
            .Select(m => new MunicipalityPoint(m.IbgeCode, m.Name, m.StateCode, m.State.Abbreviation, m.Centroid.Latitude, m.Centroid.Longitude, m.IsCapital))
            .ToList());
    }

    static async Task<Results<Ok<IReadOnlyList<DensityPoint>>, ValidationProblem, ProblemHttpResult>> DensityAsync(
        string? parameter, int? hours, string? direction, string? state, int? municipality,
        IHemogramStore store, MunicipalityTable table, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        if (Repeated(context) is { } repeated) return repeated;
        var errors = new Dictionary<string, string[]>();
        if (!HemogramParameters.TryParse(parameter, out var p) || int.TryParse(parameter, out _))
            errors["parameter"] = [$"Use one of: {string.Join(", ", HemogramParameters.All.Select(x => x.ApiName()))}."];
        if (hours is < 1 or > MaxHours) errors["hours"] = [$"Must be between 1 and {MaxHours}."];
        Direction? d = direction switch { null => null, "low" => Direction.Low, "high" => Direction.High, _ => (Direction)(-1) };
        if (d is (Direction)(-1)) errors["direction"] = ["Use low or high."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (Region(context, state, municipality, out var region) is { } refused) return refused;

        var now = time.GetUtcNow();
        var counts = await store.DensityAsync(
            new DensityQuery(p, d, now.AddHours(-(hours ?? 24)), now.AddMinutes(1), region.StateCode, region.MunicipalityCode), ct);
        return TypedResults.Ok<IReadOnlyList<DensityPoint>>(counts
            .Select(c => (c, m: table.Find(c.MunicipalityCode)))
            .Where(x => x.m is not null)
            .OrderBy(x => x.c.MunicipalityCode)
            .Select(x => new DensityPoint(x.c.MunicipalityCode, x.m!.Name, x.m.Centroid.Latitude, x.m.Centroid.Longitude, x.c.Total, x.c.Abnormal))
            .ToList());
    }

    static async Task<Results<Ok<ExcessMap>, ValidationProblem, ProblemHttpResult>> ExcessAsync(
        string? parameter, string? direction, int? days, string? state, int? municipality,
        MunicipalityExcessSource source, HttpContext context, CancellationToken ct)
    {
        if (Repeated(context) is { } repeated) return repeated;
        var errors = new Dictionary<string, string[]>();
        if (!HemogramParameters.TryParse(parameter, out var p) || int.TryParse(parameter, out _))
            errors["parameter"] = [$"Use one of: {string.Join(", ", HemogramParameters.All.Select(x => x.ApiName()))}."];
        Direction? d = direction switch { "low" => Direction.Low, "high" => Direction.High, _ => null };
        if (d is null) errors["direction"] = ["Use low or high."];
        if (days is < 1 or > MaxDays) errors["days"] = [$"Must be between 1 and {MaxDays}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (Region(context, state, municipality, out var region) is { } refused) return refused;

        var jurisdiction = context.User.JurisdictionOf()!;
        var window = days ?? 7;
        var read = await source.ReadAsync(new Condition(p, d!.Value), window, ct);
        var within = (read?.All ?? []).Where(m => jurisdiction.ContainsMunicipality(m.MunicipalityCode)
            && (region.MunicipalityCode is not { } only || m.MunicipalityCode == only)
            && (region.StateCode is not { } uf || m.MunicipalityCode / 100_000 == uf)).ToList();
        return TypedResults.Ok(new ExcessMap(p.ApiName(), d == Direction.Low ? "low" : "high", window, read?.AsOf, within));
    }
    /// <summary>
    /// The narrowest of the asked filters and the reader's jurisdiction; a validation problem for a malformed filter, 403 for
    /// one outside the jurisdiction.
    /// </summary>
    static ProblemHttpResult? Region(HttpContext context, string? state, int? municipality, out (int? StateCode, int? MunicipalityCode) region)
    {
        var jurisdiction = context.User.JurisdictionOf()!;
        region = (jurisdiction.StateCode, jurisdiction.MunicipalityCode);
        if (state is not null)
        {
            if (!BrazilianState.TryFind(state, out var uf))
                return TypedResults.Problem(statusCode: 400, title: "Invalid state", detail: "Use a UF abbreviation (MG) or IBGE state code (31).");
            if (jurisdiction.Kind != JurisdictionKind.Country && jurisdiction.StateCode != uf.Code) return Outside();
            region.StateCode = uf.Code;
        }
        if (municipality is not null)
        {
            if (municipality is not (>= 1_000_000 and <= 9_999_999))
                return TypedResults.Problem(statusCode: 400, title: "Invalid municipality", detail: "Use the 7-digit IBGE code.");
            if (!jurisdiction.ContainsMunicipality(municipality.Value) || region.StateCode is { } s && s != municipality / 100_000) return Outside();
            region = (municipality / 100_000, municipality);
        }
        return null;
    }

    /// <summary>A parameter given twice would be read as its first value only; refuse it rather than guess.</summary>
    static ValidationProblem? Repeated(HttpContext context) =>
        context.Request.Query.FirstOrDefault(q => q.Value.Count > 1) is { Key: { } key }
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [key] = ["Given more than once."] })
            : null;

    static ProblemHttpResult Outside() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside your jurisdiction",
            detail: "This state or municipality lies outside your jurisdiction.");
}
