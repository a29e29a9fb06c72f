using Microsoft.Extensions.Options;
using Sentinela.Server.Alerts;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using StackExchange.Redis;

namespace Sentinela.Server.Storage.Distributed.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// The distributed backend's shared half: one multiplexer for the process, the cross-instance alert bus, presence and
    /// the login throttle, rate-limit counters and refresh tokens. Registered before the features, whose in-memory defaults then stay out.
    /// </summary>
    public static IServiceCollection AddRedisCoordination(this IServiceCollection services)
    {
        services.AddSingleton<RedisInstance>();
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            // Parse understands single endpoints, Cluster node lists and Sentinels (serviceName=…) alike.
            var configuration = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<DistributedStorageOptions>>().Value.Redis);
            // Start even while Redis is away (a restart, a failover) and keep reconnecting in the background.
            configuration.AbortOnConnectFail = false;
            configuration.ClientName ??= "sentinela";
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.AddSingleton<RedisAlertBus>();
        services.AddSingleton<IAlertBus>(sp => sp.GetRequiredService<RedisAlertBus>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisAlertBus>());
        services.AddSingleton<RedisPresence>();
        services.AddSingleton<IPresence>(sp => sp.GetRequiredService<RedisPresence>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisPresence>());
        services.AddSingleton<Rebalancing.IConnectionCounts, RedisConnectionCounts>();
        services.AddSingleton<ILoginThrottle, RedisLoginThrottle>();
        services.AddSingleton<IRateCounter, RedisRateCounter>();
        services.AddSingleton<IRefreshTokenStore, RedisRefreshTokenStore>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["dependencies"]);
        return services;
    }
}
