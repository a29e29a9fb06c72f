using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sentinela.Server.Push.Apns;
using Sentinela.Server.Push.Expo;
using Sentinela.Server.Push.Fcm;

namespace Sentinela.Server.Push;

public static class PushServiceCollectionExtensions
{
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
        services.AddSingleton<IPushProvider>(sp => sp.GetRequiredService<ExpoPushProvider>());
        services.AddSingleton<IPushProvider>(sp => sp.GetRequiredService<FcmPushProvider>());
        services.AddSingleton<IPushProvider>(sp => sp.GetRequiredService<ApnsPushProvider>());
        services.AddSingleton<PushRouter>();
        return services;
    }
}
