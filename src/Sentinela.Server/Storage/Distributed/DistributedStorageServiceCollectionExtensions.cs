using Microsoft.Extensions.DependencyInjection.Extensions;
using Sentinela.Server.Analysis;
using Sentinela.Server.Storage.Distributed.Redis;

namespace Sentinela.Server.Storage.Distributed;

public static class DistributedStorageServiceCollectionExtensions
{
    /// <summary>
    /// The distributed backend: every store in PostgreSQL, shared by all instances; with a Redis configuration also the
    /// alert bus, presence, login and rate-limit counters, refresh tokens and the alert decision lease in Redis (without one, a
    /// single instance keeps those in memory).
    /// </summary>
    public static IServiceCollection AddDistributedStorage(this IServiceCollection services, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[$"{DistributedStorageOptions.Section}:{nameof(DistributedStorageOptions.Redis)}"]))
        {
            services.AddRedisCoordination();
            services.AddDecisionLease();
        }
        services.AddOptions<DistributedStorageOptions>().BindConfiguration(DistributedStorageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<IHemogramStore, PostgresHemogramStore>();
        services.AddSingleton<IAnalysisStore, PostgresAnalysisStore>();
        services.AddSingleton<IAlertStore, PostgresAlertStore>();
        services.AddSingleton<IDeliveryStore, PostgresDeliveryStore>();
        services.AddSingleton<IAccountStore, PostgresAccountStore>();
        // With Redis, refresh tokens live there (registered above), expiring by themselves.
        services.TryAddSingleton<IRefreshTokenStore, PostgresRefreshTokenStore>();
        services.AddSingleton<IAuditStore, PostgresAuditStore>();
        services.AddSingleton<IDeviceStore, PostgresDeviceStore>();
        services.AddSingleton<IPushQueue, PostgresPushQueue>();
        services.AddSingleton<ISecretStore, PostgresSecretStore>();
        services.AddSingleton<IAlertHandlingStore, PostgresAlertHandlingStore>();
        services.AddSingleton<INotificationPreferencesStore, PostgresNotificationPreferencesStore>();
        services.AddSingleton<IImportJobStore, PostgresImportJobStore>();
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("storage", tags: ["dependencies"]);
        return services;
    }
}
