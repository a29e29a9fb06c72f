using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// The real server in process, on its embedded backend: a fresh SQLite file in a temporary folder, the municipality table
/// from ../shared/data when present. Extra settings override appsettings.json.
/// </summary>
public sealed class SentinelaFactory : WebApplicationFactory<Program>
{
    readonly Dictionary<string, string?> _settings;

    public SentinelaFactory(Dictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("sentinela-test-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Sentinela:Storage:Embedded:Path"] = Path.Combine(DataDirectory, "sentinela.db"),
            ["Sentinela:Geography:MunicipalitiesFile"] = ReferenceData.MunicipalitiesFile ?? "",
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>Deletes the data folder; call only when no other factory shares it.</summary>
    public async Task DisposeAndDeleteAsync()
    {
        await DisposeAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
