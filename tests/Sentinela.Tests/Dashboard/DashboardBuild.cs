using System.Diagnostics;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Dashboard;

/// <summary>
/// The web app as the browser tests serve it: web/dist, rebuilt once per test run from web/src (esbuild takes about a
/// second), so a test never runs against a stale bundle. scripts/setup.sh installs the npm packages it needs.
/// </summary>
public static class DashboardBuild
{
    static readonly Lazy<Task<string>> Built = new(BuildAsync);

    /// <summary>The folder to serve (Sentinela:Dashboard:Path).</summary>
    public static Task<string> DistAsync() => Built.Value;

    public static string WebFolder => Path.GetDirectoryName(ReferenceData.FindUp("web/package.json")
        ?? throw new FileNotFoundException("web/package.json not found above the test folder."))!;

    static async Task<string> BuildAsync()
    {
        var web = WebFolder;
        if (!Directory.Exists(Path.Combine(web, "node_modules", "esbuild")))
            throw new InvalidOperationException("web/node_modules is missing: run scripts/setup.sh (npm ci in web/).");
        using var node = Process.Start(new ProcessStartInfo("node", ["build.mjs"])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0) throw new InvalidOperationException($"web build failed: {await output} {await errors}");
        return Path.Combine(web, "dist");
    }
}
