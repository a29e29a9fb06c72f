namespace Sentinela.Server.Analysis.Collective.Distributed;

public static class SharedAnalysisServiceCollectionExtensions
{
    /// <summary>Collective analysis shared across instances through Redis: the GEO index, the region window counters, the decision lease and the catch-up after an outage (needs an IConnectionMultiplexer).</summary>
    public static IServiceCollection AddSharedAnalysis(this IServiceCollection services)
    {
        services.AddOptions<SharedAnalysisOptions>().BindConfiguration(SharedAnalysisOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IHemogramGeoIndex, RedisHemogramIndex>();
        services.AddSingleton<DecisionLease>();
        services.AddSingleton<RedisRegionWindows>();
        services.AddSingleton<SharedIndexGap>();
        services.AddHostedService<SharedIndexCatchUp>();
        return services;
    }
}
