using System.Net;
using Microsoft.Extensions.Options;
using Sentinela.Server.Dashboard;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Dashboard;

/// <summary>The server hosts the built app from Sentinela:Dashboard:Path under a strict CSP, and exposes only static files.</summary>
public sealed class DashboardHostingTests : IAsyncLifetime
{
    readonly string _app = Directory.CreateTempSubdirectory("sentinela-dashboard-").FullName;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_app, "index.html"), "<!doctype html><title>Sentinela</title><script type=\"module\" src=\"/app.js\"></script>");
        await File.WriteAllTextAsync(Path.Combine(_app, "app.js"), "console.log('painel');");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_app, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_app_is_served_at_the_root_under_a_csp_without_inline_script_or_framing()
    {
        await using var factory = new SentinelaFactory(new() { ["Sentinela:Dashboard:Path"] = _app });
        using var http = factory.CreateAnonymousClient();

        var index = await http.GetAsync("/?q=<script>alert(1)</script>");
        var script = await http.GetAsync("/app.js");
        var csp = index.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("alert(1)", await index.Content.ReadAsStringAsync());
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("img-src 'self' data:;", csp);
        Assert.Equal("nosniff", index.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-cache", index.Headers.CacheControl!.ToString());
        await factory.DisposeAndDeleteAsync();
    }

    [Theory]
    [InlineData("/../appsettings.json")]
    [InlineData("/%2e%2e/appsettings.json")]
    [InlineData("/..%2fappsettings.json")]
    [InlineData("/<script>alert(1)</script>")]
    public async Task Nothing_outside_the_app_folder_is_served_and_paths_are_not_echoed(string path)
    {
        await using var factory = new SentinelaFactory(new() { ["Sentinela:Dashboard:Path"] = _app });
        using var http = factory.CreateAnonymousClient();

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("alert(1)", await response.Content.ReadAsStringAsync());
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task A_configured_tile_server_is_given_to_the_app_and_allowed_for_images_only()
    {
        await using var factory = new SentinelaFactory(new()
        {
            ["Sentinela:Dashboard:Path"] = _app,
            ["Sentinela:Dashboard:TileUrl"] = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
            ["Sentinela:Dashboard:TileAttribution"] = "© OpenStreetMap",
        });
        using var http = factory.CreateAnonymousClient();

        var config = await http.GetAsync("/api/dashboard/config");
        var csp = config.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Equal("""{"tileUrl":"https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png","tileAttribution":"© OpenStreetMap"}""",
            await config.Content.ReadAsStringAsync());
        Assert.Contains("img-src 'self' data: https://*.tile.openstreetmap.org;", csp);
        Assert.Contains("connect-src 'self';", csp);
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task Without_tiles_the_config_says_so()
    {
        await using var factory = new SentinelaFactory(new() { ["Sentinela:Dashboard:Path"] = _app });
        using var http = factory.CreateAnonymousClient();

        Assert.Equal("{}", await http.GetStringAsync("/api/dashboard/config"));
        await factory.DisposeAndDeleteAsync();
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://tiles.example/{z}/{x}/{y}.png'; script-src *")]
    public void A_tile_url_that_could_widen_the_csp_stops_the_server_from_starting(string tileUrl)
    {
        using var factory = new SentinelaFactory(new() { ["Sentinela:Dashboard:Path"] = _app, ["Sentinela:Dashboard:TileUrl"] = tileUrl });

        Assert.Throws<OptionsValidationException>(() => factory.CreateAnonymousClient());
    }
}
