namespace Sentinela.Server.Storage.Embedded;

public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>The default backend: one SQLite file, for a single process.</summary>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedStorageOptions>().BindConfiguration(EmbeddedStorageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IHemogramStore, SqliteHemogramStore>();
        services.AddSingleton<IAnalysisStore, SqliteAnalysisStore>();
        services.AddSingleton<IAlertStore, SqliteAlertStore>();
        services.AddSingleton<IDeliveryStore, SqliteDeliveryStore>();
        services.AddSingleton<IAccountStore, SqliteAccountStore>();
        services.AddSingleton<IRefreshTokenStore, SqliteRefreshTokenStore>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        services.AddSingleton<IDeviceStore, SqliteDeviceStore>();
        services.AddSingleton<IPushQueue, SqlitePushQueue>();
        services.AddSingleton<ISecretStore>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<IAlertHandlingStore, SqliteAlertHandlingStore>();
        services.AddSingleton<INotificationPreferencesStore, SqliteNotificationPreferencesStore>();
        services.AddSingleton<IImportJobStore, SqliteImportJobStore>();
        services.AddHealthChecks().AddCheck<SqliteHealthCheck>("storage", tags: ["dependencies"]);
        return services;
    }
}
