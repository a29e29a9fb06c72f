using Microsoft.Extensions.Options;
using Sentinela.Geography;

namespace Sentinela.Server.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new HemogramParser(
            sp.GetRequiredService<MunicipalityTable>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<IngestionOptions>>().Value));
        services.AddSingleton<FhirRequestReader>();
        services.AddSingleton<SourceKeyHasher>();
        services.AddSingleton<HemogramFactory>();
        services.AddSingleton<IngestionMetrics>();
        services.AddSingleton<HemogramIntake>();
        services.AddSingleton<BundleIngestion>();
        services.AddSingleton<SubscriptionHook>();
        services.AddHttpClient(nameof(SourceFhirServer), c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<SourceFhirServer>();
        return services;
    }
}
