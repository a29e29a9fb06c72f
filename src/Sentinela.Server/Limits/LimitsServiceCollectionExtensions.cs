using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Sentinela.Server.Delivery;

namespace Sentinela.Server.Limits;

public static class LimitsServiceCollectionExtensions
{
    /// <summary>The rate-limiter policy of REST endpoints: a window per client IP (shared by the instances in distributed mode).</summary>
    public const string RestPolicy = "rest";

    public static IServiceCollection AddLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The distributed backend registers presence in Redis first; embedded counts in memory.
        services.TryAddSingleton<IPresence, LocalPresence>();
        services.AddSingleton<ConnectionLimits>();
        services.AddSingleton<HubConnectionGate>();
        services.AddSingleton<RestBodyLimit>();
        services.AddSingleton<HubCallLimit>();
        services.AddSingleton<IngestionQuota>();
        services.AddSingleton<LimitsMetrics>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<LimitsOptions>>((forwarded, limits) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in limits.Value.TrustedProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        });
        // Sent only on requests that arrived over HTTPS, which behind a TLS proxy means X-Forwarded-Proto from a trusted one.
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RestPolicy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.RestRequestsPerMinute;
                var ip = context.Connection.RemoteIpAddress ?? IPAddress.None;
                // Distributed: one count per IP across the instances; embedded: a fixed window in this process.
                return context.RequestServices.GetService<IRateCounter>() is { } shared
                    ? RateLimitPartition.Get(ip, key => new SharedRateLimiter(shared, $"rest:{key}", perMinute, TimeSpan.FromMinutes(1)))
                    : RateLimitPartition.GetFixedWindowLimiter(ip,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                return new ValueTask(LimitProblem.WriteAsync(rejected.HttpContext, LimitsMetrics.Rest, 429, "REST request limit per IP address reached.", retryAfter));
            };
        });
        return services;
    }

    /// <summary>
    /// Early in the pipeline: everything after it sees the client's address and scheme (from a trusted proxy's
    /// X-Forwarded-For and X-Forwarded-Proto), and HTTPS requests get Strict-Transport-Security.
    /// </summary>
    public static WebApplication UseClientAddress(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseHsts();
        return app;
    }

    public static WebApplication UseLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<RestBodyLimit>());
        var hubPath = app.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value.HubPath;
        app.UseWhen(c => c.Request.Path.StartsWithSegments(hubPath), hub => hub.UseMiddleware<HubConnectionGate>());
        return app;
    }
}
