using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Server.Push.Apns;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Push.Dispatch;
using Sentinela.Server.Storage;
using Sentinela.Server.Push.Expo;
using Sentinela.Server.Push.Fcm;
using Sentinela.Server.Push.WebPush;

namespace Sentinela.Server.Push;

public static class PushServiceCollectionExtensions
{
    /// <summary>Devices, the providers, the durable dispatcher and the enqueuer that feeds it from the alert bus.</summary>
    public static IServiceCollection AddPush(this IServiceCollection services)
    {
        services.AddPushProviders();
        services.AddOptions<PushDispatchOptions>().BindConfiguration(PushDispatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PushDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<PushDispatcher>());
        services.AddHostedService<PushEnqueuer>();
        services.AddHostedService<ExpoReceiptPoller>();
        services.AddSingleton<PushMetrics>();
        services.AddHostedService<PushQueueGauge>();
        services.AddHealthChecks().AddCheck<PushDispatcherHealthCheck>("push-dispatcher", tags: ["ready", "realtime"]);
        return services;
    }

    public static IEndpointRouteBuilder MapPush(this IEndpointRouteBuilder app)
    {
        app.MapDevices();
        app.MapWebPush();
        // What became of each push for an alert: administrators only, as it names users and devices.
        app.MapGet("/api/alerts/{id:guid}/pushes", async (Guid id, IPushQueue queue, CancellationToken ct) => TypedResults.Ok(await queue.ForAlertAsync(id, ct)))
            .WithTags("Push").RequireAuthorization(SentinelaPolicies.Administer).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        return app;
    }

    /// <summary>
    /// The push providers, their HTTP clients and <see cref="PushRouter"/>. Providers are singletons because each owns
    /// its circuit breaker and cached credentials; they take a client from the factory per batch, so handlers still rotate.
    /// </summary>
    public static IServiceCollection AddPushProviders(this IServiceCollection services)
    {
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(ExpoPushProvider.HttpClientName);
        services.AddHttpClient(FcmPushProvider.HttpClientName);
        services.AddHttpClient(WebPushProvider.HttpClientName);
        services.AddHttpClient(ApnsPushProvider.HttpClientName, c =>
            {
                c.DefaultRequestVersion = HttpVersion.Version20;
                c.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            })
            // A batch's requests are streams on one connection; a second connection opens if Apple's stream limit is reached.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { EnableMultipleHttp2Connections = true });

        services.AddSingleton<ExpoPushProvider>();
        services.AddSingleton<FcmPushProvider>();
        services.AddSingleton<ApnsPushProvider>();
        services.AddSingleton<VapidKeys>();
        services.AddSingleton<WebPushProvider>();
        services.AddSingleton<IPushProvider>(sp => sp.GetRequiredService<ExpoPushProvider>());
        services.AddSingleton<IPushProvider>(sp => sp.GetRequiredService<FcmPushProvider>());
        services.AddSingleton<IPushProvider>(sp => sp.GetRequiredService<ApnsPushProvider>());
        services.AddSingleton<IPushProvider>(sp => sp.GetRequiredService<WebPushProvider>());
        services.AddSingleton<PushRouter>();
        return services;
    }
}
