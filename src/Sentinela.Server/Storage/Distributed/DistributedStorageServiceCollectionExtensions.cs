namespace Sentinela.Server.Storage.Distributed;

public static class DistributedStorageServiceCollectionExtensions
{
    /// <summary>The distributed backend's durable half: every store in PostgreSQL, shared by all instances.</summary>
    public static IServiceCollection AddDistributedStorage(this IServiceCollection services)
    {
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
