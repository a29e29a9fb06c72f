using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.Options;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Delivery;

public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        app.MapHub<AlertHub>(options.HubPath, o =>
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling);
        app.MapGet("/api/alerts/{id:guid}/deliveries", async (Guid id, IDeliveryStore deliveries, CancellationToken ct) =>
            TypedResults.Ok(await deliveries.ForAlertAsync(id, ct))).WithTags("Delivery");
        return app;
    }
}
