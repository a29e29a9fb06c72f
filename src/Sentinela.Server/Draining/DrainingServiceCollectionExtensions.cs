namespace Sentinela.Server.Draining;

public static class DrainingServiceCollectionExtensions
{
    /// <summary>Graceful drain on SIGTERM and the readiness check that announces it.</summary>
    public static IServiceCollection AddDraining(this IServiceCollection services)
    {
        services.AddOptions<DrainOptions>().BindConfiguration(DrainOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // A stop that is not a drain (Ctrl+C, a test host) is bounded by the same budget.
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<DrainOptions>>((host, drain) => host.ShutdownTimeout = drain.Value.Budget);
        services.AddSingleton<DrainState>();
        services.AddSingleton<GracefulDrain>();
        // After the console lifetime the host builder registered: the last registration is the one resolved.
        services.AddSingleton<IHostLifetime, DrainingLifetime>();
        services.AddHealthChecks().AddCheck<DrainHealthCheck>("drain", tags: ["ready"]);
        return services;
    }
}
