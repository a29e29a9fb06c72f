using System.Reflection;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// The server as <c>dotnet publish</c> lays it out (apphost, dlls, appsettings.json, dashboard), published once per test
/// run from the build the tests run against, into <c>published-server/</c> beside the test binaries.
/// </summary>
public static class PublishedServer
{
    static readonly Lazy<Task<string>> Folder = new(PublishAsync);

    /// <summary>The publish folder; <c>sentinela-server</c> in it is the executable.</summary>
    public static Task<string> FolderAsync() => Folder.Value;

    static async Task<string> PublishAsync()
    {
        var project = ReferenceData.FindUp(Path.Combine("src", "Sentinela.Server", "Sentinela.Server.csproj"))
            ?? throw new FileNotFoundException("src/Sentinela.Server/Sentinela.Server.csproj not found above the test output folder.");
        var configuration = typeof(PublishedServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var output = Path.Combine(AppContext.BaseDirectory, "published-server");
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        // --no-build: the server this test run built is the one published, so no second build races the first.
        await ExternalProgram.RunAsync("dotnet", ["publish", project, "-c", configuration, "--no-build", "--nologo", "-o", output], TimeSpan.FromMinutes(5));
        return output;
    }
}
