using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Dashboard;

/// <summary>
/// Headers that confine the dashboard: scripts, styles and connections only from this origin (no inline script), images
/// also from the configured tile server, no framing, no referrer. Set on every response; they cost nothing on JSON.
/// </summary>
public sealed partial class DashboardSecurityHeaders(IOptions<DashboardOptions> options) : IMiddleware
{
    readonly string _policy = Policy(options.Value.TileUrl);

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = _policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next(context);
    }

    /// <summary>The CSP; a tile template's "{s}" subdomain becomes a wildcard host.</summary>
    public static string Policy(string? tileUrl)
    {
        var tiles = string.IsNullOrWhiteSpace(tileUrl) || TileOrigin().Match(tileUrl) is not { Success: true } m
            ? "" : " " + m.Value.Replace("{s}", "*", StringComparison.Ordinal);
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" + tiles +
            "; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    [GeneratedRegex(@"^https?://[A-Za-z0-9.\-{}]+(:\d+)?")]
    private static partial Regex TileOrigin();
}
