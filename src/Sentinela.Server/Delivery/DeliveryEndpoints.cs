using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.Options;
using Sentinela.Server.Identity;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Delivery;

public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        app.MapHub<AlertHub>(options.HubPath, o =>
        {
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
            // An expired access token ends the connection; the client reconnects with a fresh one and resumes.
            o.CloseOnAuthenticationExpiration = true;
            o.ApplicationMaxBufferSize = options.ConnectionBufferBytes;
            o.TransportMaxBufferSize = options.ConnectionBufferBytes;
        })
            // At the endpoint: checked once when the connection opens (negotiate and connect), not on every hub call.
            .RequireAuthorization(SentinelaPolicies.ReadAlerts);
        // Who received what: administrators only, as it names users.
        app.MapGet("/api/alerts/{id:guid}/deliveries", async (Guid id, IDeliveryStore deliveries, CancellationToken ct) =>
            TypedResults.Ok(await deliveries.ForAlertAsync(id, ct))).WithTags("Delivery")
            .RequireAuthorization(SentinelaPolicies.Administer).RequireRateLimiting(Limits.LimitsServiceCollectionExtensions.RestPolicy);
        return app;
    }
}
