using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sentinela.Server.Alerts;

public static class AlertsServiceCollectionExtensions
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddSingleton<AlertSubscribers>();
        // The distributed backend registers its cross-instance bus first; embedded runs in-process.
        services.TryAddSingleton<IAlertBus, InProcessAlertBus>();
        services.AddHealthChecks().AddCheck<AlertBusHealthCheck>("bus", tags: ["ready"]);
        services.AddSingleton<AlertFootprints>();
        services.AddHostedService<AlertAnnouncer>();
        services.AddSingleton<Workflow.AlertWorkflowMetrics>();
        services.AddOptions<Workflow.EscalationOptions>().BindConfiguration(Workflow.EscalationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Workflow.EscalationAnnouncer>();
        services.AddSingleton<Workflow.AlertEscalator>();
        services.AddHostedService(sp => sp.GetRequiredService<Workflow.AlertEscalator>());
        return services;
    }
}
