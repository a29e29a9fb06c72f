using Microsoft.Extensions.Configuration;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Ingestion;

namespace Sentinela.Tests.Unit;

/// <summary>The options exactly as the server ships them: bound from src/Sentinela.Server/appsettings.json.</summary>
internal static class ShippedSettings
{
    static readonly Lazy<IConfigurationRoot> Configuration = new(() =>
        new ConfigurationBuilder().AddJsonFile(FindAppSettings(), optional: false).Build());

    public static IndividualAnalysisOptions Individual() =>
        Configuration.Value.GetSection(IndividualAnalysisOptions.Section).Get<IndividualAnalysisOptions>()
        ?? throw new InvalidOperationException("appsettings.json has no individual analysis section.");

    public static IngestionOptions Ingestion() =>
        Configuration.Value.GetSection(IngestionOptions.Section).Get<IngestionOptions>()
        ?? throw new InvalidOperationException("appsettings.json has no ingestion section.");

    public static Sentinela.Server.Push.PushOptions Push() =>
        Configuration.Value.GetSection(Sentinela.Server.Push.PushOptions.Section).Get<Sentinela.Server.Push.PushOptions>()
        ?? throw new InvalidOperationException("appsettings.json has no push section.");

    public static T Section<T>(string section) where T : class =>
        Configuration.Value.GetSection(section).Get<T>() ?? throw new InvalidOperationException($"appsettings.json has no {section} section.");

    static string FindAppSettings()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Sentinela.Server", "appsettings.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("src/Sentinela.Server/appsettings.json not found above the test output folder.");
    }
}
