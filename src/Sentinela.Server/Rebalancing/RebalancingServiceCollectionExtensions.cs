namespace Sentinela.Server.Rebalancing;

public static class RebalancingServiceCollectionExtensions
{
    /// <summary>Connection rebalancing between instances; only where the storage backend shares counts (Redis).</summary>
    public static IServiceCollection AddRebalancing(this IServiceCollection services)
    {
        services.AddOptions<RebalancingOptions>().BindConfiguration(RebalancingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(IConnectionCounts))) services.AddHostedService<ConnectionRebalancer>();
        return services;
    }
}
