namespace Sentinela.Server.Alerts;

public static class AlertsServiceCollectionExtensions
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddSingleton<IAlertBus, InProcessAlertBus>();
        services.AddHealthChecks().AddCheck<AlertBusHealthCheck>("bus", tags: ["ready"]);
        services.AddSingleton<AlertFootprints>();
        services.AddHostedService<AlertAnnouncer>();
        return services;
    }
}
