using Microsoft.Extensions.DependencyInjection.Extensions;
using Sentinela.Server.Analysis.Collective.Distributed;
using StackExchange.Redis;

namespace Sentinela.Server.Storage.Distributed;

public static class DistributedStorageServiceCollectionExtensions
{
    /// <summary>
    /// The distributed backend: every store in PostgreSQL, shared by all instances; with a Redis configuration also the
    /// shared radius index and alert decisions, so several instances raise one alert per outbreak.
    /// </summary>
    public static IServiceCollection AddDistributedStorage(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now, like the backend choice: without Redis there is nothing to share and one instance is the supported shape.
        var redis = configuration.GetSection(DistributedStorageOptions.Section).Get<DistributedStorageOptions>()?.Redis;
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
            services.AddSharedAnalysis();
        }
        services.AddOptions<DistributedStorageOptions>().BindConfiguration(DistributedStorageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<IHemogramStore, PostgresHemogramStore>();
        services.AddSingleton<IAlertStore, PostgresAlertStore>();
        services.AddSingleton<IDeliveryStore, PostgresDeliveryStore>();
        services.AddSingleton<IAccountStore, PostgresAccountStore>();
        services.AddSingleton<IRefreshTokenStore, PostgresRefreshTokenStore>();
        services.AddSingleton<IAuditStore, PostgresAuditStore>();
        services.AddSingleton<IDeviceStore, PostgresDeviceStore>();
        services.AddSingleton<IPushQueue, PostgresPushQueue>();
        services.AddSingleton<ISecretStore, PostgresSecretStore>();
        services.AddSingleton<IAlertHandlingStore, PostgresAlertHandlingStore>();
        services.AddSingleton<INotificationPreferencesStore, PostgresNotificationPreferencesStore>();
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("storage", tags: ["ready"]);
        return services;
    }
}
