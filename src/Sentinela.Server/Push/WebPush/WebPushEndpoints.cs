using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Push.WebPush;

/// <summary>
/// GET /api/webpush/public-key (the VAPID key browsers subscribe with) and POST /api/webpush/subscriptions (register
/// this browser). A subscription is a device: GET /api/devices lists it, DELETE /api/devices/{deviceId} removes it.
/// </summary>
public static class WebPushEndpoints
{
    public static IEndpointRouteBuilder MapWebPush(this IEndpointRouteBuilder app)
    {
        var webPush = app.MapGroup("/api/webpush").WithTags("Push")
            .RequireAuthorization(SentinelaPolicies.ReadAlerts).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        webPush.MapGet("/public-key", (VapidKeys keys) => TypedResults.Ok(new VapidPublicKey(keys.PublicKey)));
        webPush.MapPost("/subscriptions", SubscribeAsync);
        return app;
    }

    static async Task<Results<Ok<Device>, ValidationProblem>> SubscribeAsync(
        WebPushRegistration registration, HttpContext context, IDeviceStore store, IOptions<PushOptions> options, TimeProvider time, CancellationToken ct)
    {
        var (device, errors) = registration.Validate(Guid.Parse(context.User.SubjectOf()!), time.GetUtcNow(), options.Value.WebPush);
        if (device is null) return TypedResults.ValidationProblem(errors);
        await store.UpsertAsync(device, ct);
        return TypedResults.Ok(device);
    }
}

/// <summary>The server's VAPID public key, base64url, for pushManager.subscribe's applicationServerKey.</summary>
public sealed record VapidPublicKey(string PublicKey);
