using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Audit;

/// <summary>GET /api/audit: the trail, newest first, for administrators. Who received which alert is in the delivery records.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", QueryAuditAsync).WithTags("Administration")
            .RequireAuthorization(SentinelaPolicies.Administer).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        return app;
    }

    static async Task<Results<Ok<IReadOnlyList<AuditEvent>>, ValidationProblem>> QueryAuditAsync(
        IAuditStore store, AuditTrail trail, CancellationToken ct, string? actor, string? action, string? target, long? before, int? limit)
    {
        if (limit is < 1 or > 1000)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["Must be between 1 and 1000."] });
        await trail.FlushAsync(ct);
        return TypedResults.Ok(await store.QueryAsync(new AuditQuery(actor, action, target, before, limit ?? 100), ct));
    }
}
