using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Server.Audit;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Notifications;

/// <summary>GET and PUT /api/user/notification-preferences: the signed-in manager's own preferences, defaults until saved.</summary>
public static class NotificationPreferencesEndpoints
{
    public static IEndpointRouteBuilder MapNotificationPreferences(this IEndpointRouteBuilder app)
    {
        var preferences = app.MapGroup("/api/user/notification-preferences").WithTags("Notifications")
            .RequireAuthorization(SentinelaPolicies.ReadAlerts).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        preferences.MapGet("/", GetAsync);
        preferences.MapPut("/", PutAsync);
        return app;
    }

    static async Task<Results<Ok<NotificationPreferences>, ProblemHttpResult>> GetAsync(
        INotificationPreferencesStore store, HttpContext context, CancellationToken ct) =>
        UserOf(context) is { } user
            ? TypedResults.Ok(await store.GetAsync(user, ct) ?? NotificationPreferences.Default)
            : NotAUser();

    static async Task<Results<Ok<NotificationPreferences>, ValidationProblem, ProblemHttpResult>> PutAsync(
        NotificationPreferencesRequest? request, INotificationPreferencesStore store, Delivery.ConnectionRegistry connections, AuditTrail audit,
        HttpContext context, CancellationToken ct)
    {
        if (UserOf(context) is not { } user) return NotAUser();
        if (request is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["A JSON body is required."] });
        var (preferences, errors) = request.Read();
        if (preferences is null) return TypedResults.ValidationProblem(errors);
        await store.SaveAsync(user, preferences, ct);
        connections.UpdatePreferences(user.ToString(), preferences);
        audit.Record(AuditActions.NotificationPreferencesChanged, context, user.ToString());
        return TypedResults.Ok(preferences);
    }

    static Guid? UserOf(HttpContext context) => Guid.TryParse(context.User.SubjectOf(), out var id) ? id : null;

    static ProblemHttpResult NotAUser() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a user", detail: "Preferences belong to signed-in users.");
}
