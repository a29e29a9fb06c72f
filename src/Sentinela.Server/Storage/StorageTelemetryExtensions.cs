using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sentinela.Server.Storage;

public static class StorageTelemetryExtensions
{
    /// <summary>The key under which each store's own implementation stays registered behind its timing decorator.</summary>
    static readonly object Inner = new();

    /// <summary>
    /// Puts a <see cref="TimedStore{TStore}"/> in front of every registered storage interface of this folder (IHemogramStore,
    /// IAlertStore, IPushQueue, …), whichever backend registered it. Call after the backend's registration.
    /// </summary>
    public static IServiceCollection AddStorageTelemetry(this IServiceCollection services)
    {
        services.TryAddSingleton<StorageMetrics>();
        var stores = services.Where(d => d.ServiceType.IsInterface && d.ServiceType.Namespace == typeof(IHemogramStore).Namespace && !d.IsKeyedService)
            .ToList();
        foreach (var d in stores)
        {
            services.Remove(d);
            // The original stays container-owned (so the container still disposes it), under a key only the decorator asks for.
            services.Add(d.ImplementationInstance is { } instance ? new ServiceDescriptor(d.ServiceType, Inner, instance)
                : d.ImplementationFactory is { } factory ? new ServiceDescriptor(d.ServiceType, Inner, (sp, _) => factory(sp), d.Lifetime)
                : new ServiceDescriptor(d.ServiceType, Inner, d.ImplementationType!, d.Lifetime));
            var wrap = typeof(TimedStore<>).MakeGenericType(d.ServiceType).GetMethod(nameof(TimedStore<IHemogramStore>.Wrap))!;
            services.Add(ServiceDescriptor.Describe(d.ServiceType,
                sp => wrap.Invoke(null, [sp.GetRequiredKeyedService(d.ServiceType, Inner), sp.GetRequiredService<StorageMetrics>()])!,
                d.Lifetime));
        }
        return services;
    }
}
