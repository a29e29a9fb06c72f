using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HubRefusalLog>();
        services.AddLogging(logging => logging.AddSampler<HubRefusalSampler>());
        services.AddSignalR(o =>
            {
                // First, so it is outermost and sees the refusals of the filters after it.
                o.AddFilter<HubRefusalLog>();
                o.AddFilter<Identity.ExpiredTokenHubFilter>();
                o.AddFilter<Limits.HubCallLimit>();
            })
            .AddJsonProtocol(o => SentinelaJson.Configure(o.PayloadSerializerOptions))
            .AddMessagePackProtocol();
        // Global and per-hub: SignalR fills HubOptions<THub> from the global options, in an order that can undo ours.
        services.AddOptions<HubOptions>().Configure<IOptions<DeliveryOptions>>((hub, delivery) => Apply(hub, delivery.Value));
        services.AddOptions<HubOptions<AlertHub>>().Configure<IOptions<DeliveryOptions>>((hub, delivery) => Apply(hub, delivery.Value));
        services.AddSingleton<AlertTargeting>();
        services.AddSingleton<WatchValidator>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<ReplayReads>();
        services.AddSingleton<RealtimeSessions>();
        services.AddSingleton<ReconnectRequests>();
        services.AddSingleton<DeliveryLedger>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryLedger>());
        services.AddSingleton<AckTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<AckTracker>());
        services.AddHostedService<AlertFanOut>();
        services.AddHostedService<HeartbeatService>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddHealthChecks().AddCheck<RealtimeDeliveryHealthCheck>("realtime-delivery", tags: ["realtime"]);
        return services;
    }

    static void Apply(HubOptions hub, DeliveryOptions delivery)
    {
        hub.KeepAliveInterval = delivery.KeepAliveInterval;
        hub.ClientTimeoutInterval = delivery.ClientTimeout;
        hub.MaximumReceiveMessageSize = delivery.MaxMessageBytes;
    }
}
