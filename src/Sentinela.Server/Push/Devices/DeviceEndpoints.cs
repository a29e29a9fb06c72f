using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Push.Devices;

/// <summary>POST /api/devices (register or refresh tokens), GET /api/devices, DELETE /api/devices/{deviceId}: the caller's own.</summary>
public static class DeviceEndpoints
{
    public static IEndpointRouteBuilder MapDevices(this IEndpointRouteBuilder app)
    {
        var devices = app.MapGroup("/api/devices").WithTags("Push")
            .RequireAuthorization(SentinelaPolicies.ReadAlerts).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        devices.MapPost("/", RegisterAsync);
        devices.MapGet("/", async (HttpContext context, IDeviceStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.ForUsersAsync([UserOf(context)], ct)));
        devices.MapDelete("/{deviceId}", async Task<Results<NoContent, NotFound>> (string deviceId, HttpContext context, IDeviceStore store, CancellationToken ct) =>
            await store.DeleteAsync(UserOf(context), deviceId, ct) ? TypedResults.NoContent() : TypedResults.NotFound());
        return app;
    }

    static async Task<Results<Ok<Device>, ValidationProblem>> RegisterAsync(
        DeviceRegistration registration, HttpContext context, IDeviceStore store, TimeProvider time, CancellationToken ct)
    {
        var (device, errors) = registration.Validate(UserOf(context), time.GetUtcNow());
        if (device is null) return TypedResults.ValidationProblem(errors);
        await store.UpsertAsync(device, ct);
        return TypedResults.Ok(device);
    }

    static Guid UserOf(HttpContext context) => Guid.Parse(context.User.SubjectOf()!);
}
