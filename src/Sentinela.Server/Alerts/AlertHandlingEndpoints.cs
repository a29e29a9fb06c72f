using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Server.Alerts.Workflow;
using Sentinela.Server.Audit;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Alerts;

/// <summary>
/// POST /api/alerts/{id}/handling: a manager within the alert's reach moves it one step along the workflow
/// (<see cref="AlertWorkflow"/>). A step the workflow does not allow is 409 with a machine-readable <c>code</c>:
/// invalid-transition (with currentState and allowed), already-in-state (someone else's step, or a different note),
/// concurrent-transition (another manager moved the alert first). Repeating one's own latest step (same state, note)
/// changes nothing and answers 200 with it, so a retried request is safe.
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
        AuditTrail audit, AlertWorkflowMetrics metrics, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        AlertHandlingState state = default;
        if (request?.State is not { } text || !Enum.TryParse(text, ignoreCase: true, out state) || !Enum.IsDefined(state)
            || state == AlertHandlingState.Received || int.TryParse(text, out _))
            errors["state"] = ["Use acknowledged, verifying, confirmed, discarded or closed."];
        var note = string.IsNullOrWhiteSpace(request?.Note) ? null : request.Note.Trim();
        if (note?.Length > MaxNoteLength) errors["note"] = [$"At most {MaxNoteLength} characters."];
        else if (note is null && AlertWorkflow.NeedsNote(state)) errors["note"] = ["Say why: a note is required to confirm, discard or close."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (!Guid.TryParse(context.User.SubjectOf(), out var userId))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a user", detail: "Only a signed-in user can handle an alert.");
        var jurisdiction = context.User.JurisdictionOf()!;
        // Outside the jurisdiction reads as "not found", as in GET /api/alerts/{id}.
        if (await alerts.GetAsync(id, ct) is not { } alert || !jurisdiction.Covers(footprints.Of(alert)))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Alert not found", detail: $"No alert with id {id}.");

        var steps = await handlings.ForAlertAsync(id, ct);
        var current = AlertWorkflow.Current(steps);
        if (current == state)
            return steps[^1] is var last && last.UserId == userId && last.Note == note
                ? TypedResults.Ok(last)
                : Conflict("already-in-state", "Already in that state", $"The alert is already {Name(state)}.", current);
        if (!AlertWorkflow.Next(current).Contains(state))
            return Conflict("invalid-transition", "Transition not allowed", $"An alert that is {Name(current)} cannot become {Name(state)}.", current);

        var handling = new AlertHandling(id, alert.Version, state, note, userId,
            context.User.FindFirst(SentinelaClaims.Name)?.Value ?? "", WholeMilliseconds(time.GetUtcNow()), steps.Count == 0 ? 1 : steps[^1].Step + 1);
        if (!await handlings.TryAppendAsync(handling, ct))
            return Conflict("concurrent-transition", "Moved meanwhile", "Another manager moved the alert at the same time; reload it.", current);
        metrics.Reached(alert, handling);
        audit.Record(AuditActions.AlertHandled, context, id.ToString(), $"{current}->{state} at version {alert.Version}");
        return TypedResults.Created($"/api/alerts/{id}", handling);
    }

    static ProblemHttpResult Conflict(string code, string title, string detail, AlertHandlingState current) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail, extensions: new Dictionary<string, object?>
        {
            ["code"] = code,
            ["currentState"] = Name(current),
            ["allowed"] = AlertWorkflow.Next(current).Select(Name).ToArray(),
        });

    static string Name(AlertHandlingState state) => state.ToString().ToLowerInvariant();

    /// <summary>The store keeps milliseconds; the answer shows the time as it will read back.</summary>
    static DateTimeOffset WholeMilliseconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());
}
