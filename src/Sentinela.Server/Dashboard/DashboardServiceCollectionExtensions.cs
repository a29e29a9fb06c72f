using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DashboardSecurityHeaders>();
        services.AddSingleton<MunicipalityExcessSource>();
        return services;
    }

    /// <summary>Security headers on every response, then the built app's files from <see cref="DashboardOptions.ResolvedPath"/>.</summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseMiddleware<DashboardSecurityHeaders>();
        var path = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.ResolvedPath;
        if (!File.Exists(Path.Combine(path, "index.html")))
        {
            app.Logger.LogWarning("No dashboard at {Path}: build it with scripts/setup.sh (npm run build in web/)", path);
            return app;
        }
        var files = new PhysicalFileProvider(path);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Unhashed file names: the browser revalidates each time (ETag), so a deploy is seen at once.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard/config", (IOptions<DashboardOptions> options) =>
        {
            var o = options.Value;
            return TypedResults.Ok(new DashboardConfig(NullIfEmpty(o.TileUrl), NullIfEmpty(o.TileAttribution)));
        }).WithTags("Dashboard").AllowAnonymous();
        app.MapMapData();
        return app;
    }

    static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
