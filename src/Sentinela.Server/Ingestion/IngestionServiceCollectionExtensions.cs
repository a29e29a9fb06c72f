using Microsoft.Extensions.Options;
using Sentinela.Geography;

namespace Sentinela.Server.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new HemogramParser(sp.GetRequiredService<MunicipalityTable>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<IngestionOptions>>().Value, sp.GetRequiredService<Identity.LaboratoryDirectory>()));
        services.AddSingleton<HemogramReader>();
        services.AddSingleton<FhirParser>();
        services.AddSingleton<FhirParserSerializationEngine>();
        services.AddSingleton<FhirRequestReader>();
        services.AddSingleton<SourceKeyHasher>();
        services.AddSingleton<HemogramFactory>();
        services.AddSingleton<IngestionMetrics>();
        services.AddSingleton<HemogramIntake>();
        services.AddSingleton<FhirIngestion>();
        services.AddSingleton<NdjsonImport>();
        services.AddSingleton<BulkImports>();
        services.AddHostedService(sp => sp.GetRequiredService<BulkImports>());
        // Ahead of the default writer: problem details under /fhir become OperationOutcomes.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, FhirOutcomeWriter>());
        services.AddSingleton<SubscriptionHook>();
        // The source server's answers are held in memory to be parsed: no larger than a request body may be.
        services.AddHttpClient(nameof(SourceFhirServer)).ConfigureHttpClient((sp, c) =>
        {
            c.Timeout = TimeSpan.FromSeconds(30);
            c.MaxResponseContentBufferSize = sp.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxBodyBytes;
        });
        services.AddSingleton<SourceFhirServer>();
        return services;
    }
}
