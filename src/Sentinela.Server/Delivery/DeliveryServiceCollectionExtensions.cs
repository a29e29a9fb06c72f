using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSignalR(o => o.AddFilter<Identity.ExpiredTokenHubFilter>())
            .AddJsonProtocol(o => SentinelaJson.Configure(o.PayloadSerializerOptions))
            .AddMessagePackProtocol();
        // Per-hub options: SignalR reads HubOptions<THub>, which it fills from the global options before ours would apply.
        services.AddOptions<Microsoft.AspNetCore.SignalR.HubOptions<AlertHub>>().Configure<IOptions<DeliveryOptions>>((hub, delivery) =>
        {
            hub.KeepAliveInterval = delivery.Value.KeepAliveInterval;
            hub.ClientTimeoutInterval = delivery.Value.ClientTimeout;
            hub.MaximumReceiveMessageSize = delivery.Value.MaxMessageBytes;
        });
        services.AddSingleton<AlertTargeting>();
        services.AddSingleton<WatchValidator>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<DeliveryLedger>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryLedger>());
        services.AddSingleton<AckTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<AckTracker>());
        services.AddHostedService<AlertFanOut>();
        services.AddHostedService<HeartbeatService>();
        return services;
    }
}
