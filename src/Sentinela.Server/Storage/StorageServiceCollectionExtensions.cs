using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sentinela.Server.Storage.Distributed;
using Sentinela.Server.Storage.Embedded;

namespace Sentinela.Server.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The backend named by Sentinela:Storage:Backend: Embedded (default) or Distributed.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now, not through IOptions: the choice decides which services exist at all.
        var key = $"{StorageOptions.Section}:{nameof(StorageOptions.Backend)}";
        var backend = configuration[key] is { Length: > 0 } named
            ? Enum.TryParse<StorageBackend>(named, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw new OptionsValidationException(key, typeof(StorageOptions),
                    [$"{key} is '{named}'; it must be {string.Join(" or ", Enum.GetNames<StorageBackend>())}."])
            : new StorageOptions().Backend;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        // Both stores revise stored hemograms by the same rules, which follow two ingestion settings.
        services.AddOptions<Ingestion.IngestionOptions>().BindConfiguration(Ingestion.IngestionOptions.Section);
        services.TryAddSingleton(sp =>
        {
            var ingestion = sp.GetRequiredService<IOptions<Ingestion.IngestionOptions>>().Value;
            return new Hemograms.HemogramLifecycle(ingestion.CountPreliminary, ingestion.MergeWindow);
        });
        services.TryAddSingleton(TimeProvider.System);
        return backend == StorageBackend.Distributed ? services.AddDistributedStorage(configuration) : services.AddEmbeddedStorage();
    }
}
