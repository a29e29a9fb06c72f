using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Server.Audit;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Alerts;

/// <summary>
/// POST /api/alerts/{id}/handling: a manager within the alert's reach acknowledges it or marks it under investigation.
/// Repeating one's own latest step (same state, version and note) changes nothing and answers 200 with it.
/// </summary>
public static class AlertHandlingEndpoints
{
    public const int MaxNoteLength = 1000;

    public static IEndpointRouteBuilder MapAlertHandling(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/alerts/{id:guid}/handling", HandleAsync).WithTags("Alerts")
            .RequireAuthorization(SentinelaPolicies.ReadAlerts).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        return app;
    }

    static async Task<Results<Created<AlertHandling>, Ok<AlertHandling>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, AlertHandlingRequest? request, IAlertStore alerts, IAlertHandlingStore handlings, AlertFootprints footprints,
        AuditTrail audit, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        AlertHandlingState state = default;
        if (request?.State is not { } text || !Enum.TryParse(text, ignoreCase: true, out state) || !Enum.IsDefined(state) || int.TryParse(text, out _))
            errors["state"] = ["Use acknowledged or investigating."];
        var note = string.IsNullOrWhiteSpace(request?.Note) ? null : request.Note.Trim();
        if (note?.Length > MaxNoteLength) errors["note"] = [$"At most {MaxNoteLength} characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (!Guid.TryParse(context.User.SubjectOf(), out var userId))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a user", detail: "Only a signed-in user can handle an alert.");
        var jurisdiction = context.User.JurisdictionOf()!;
        // Outside the jurisdiction reads as "not found", as in GET /api/alerts/{id}.
        if (await alerts.GetAsync(id, ct) is not { } alert || !jurisdiction.Covers(footprints.Of(alert)))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Alert not found", detail: $"No alert with id {id}.");

        var previous = (await handlings.ForAlertAsync(id, ct)).LastOrDefault(h => h.UserId == userId);
        if (previous is not null && previous.State == state && previous.AlertVersion == alert.Version && previous.Note == note)
            return TypedResults.Ok(previous);

        var handling = new AlertHandling(id, alert.Version, state, note, userId,
            context.User.FindFirst(SentinelaClaims.Name)?.Value ?? "", WholeMilliseconds(time.GetUtcNow()));
        await handlings.AppendAsync(handling, ct);
        audit.Record(AuditActions.AlertHandled, context, id.ToString(), $"{state} at version {alert.Version}");
        return TypedResults.Created($"/api/alerts/{id}", handling);
    }

    /// <summary>The store keeps milliseconds; the answer shows the time as it will read back.</summary>
    static DateTimeOffset WholeMilliseconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());
}
