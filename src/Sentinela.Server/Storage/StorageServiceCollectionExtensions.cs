using Sentinela.Server.Storage.Distributed;
using Sentinela.Server.Storage.Embedded;

namespace Sentinela.Server.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The backend named by Sentinela:Storage:Backend: Embedded (default) or Distributed.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now, not through IOptions: the choice decides which services exist at all.
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        return options.Backend switch
        {
            StorageBackend.Embedded => services.AddEmbeddedStorage(),
            StorageBackend.Distributed => services.AddDistributedStorage(configuration),
            _ => throw new InvalidOperationException($"Unknown storage backend {options.Backend}."),
        };
    }
}
