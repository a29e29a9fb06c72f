using Microsoft.Extensions.Configuration;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Analysis.Scan;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Ingestion;

namespace Sentinela.Benchmarks;

/// <summary>
/// The options and reference data the server ships with, read from the repository (the server's appsettings.json and
/// ../shared/data/municipios.csv) so the benchmarks measure the configuration an operator gets by default.
/// </summary>
public static class ServerDefaults
{
    const string MunicipalitiesVariable = "SENTINELA_MUNICIPALITIES";

    static readonly Lazy<string> Root = new(FindRepositoryRoot);
    static readonly Lazy<IConfiguration> Settings = new(() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Root.Value, "src", "Sentinela.Server", "appsettings.json"), optional: false)
        .Build());

    public static string RepositoryRoot => Root.Value;

    public static IngestionOptions Ingestion() => Bind<IngestionOptions>(IngestionOptions.Section);

    public static IndividualAnalysisOptions Individual()
    {
        var options = Bind<IndividualAnalysisOptions>(IndividualAnalysisOptions.Section);
        if (options.ReferenceRanges.Count == 0)
            throw new InvalidOperationException($"{IndividualAnalysisOptions.Section}:ReferenceRanges is empty in the server's appsettings.json.");
        return options;
    }

    public static DetectionOptions Detection() => Bind<DetectionOptions>(DetectionOptions.Section);

    public static BaselineOptions Baseline() => Bind<BaselineOptions>(DetectionOptions.Section + ":Baseline");

    public static ScanOptions Scan() => Bind<ScanOptions>(DetectionOptions.Section + ":Scan");

    /// <summary>
    /// The full IBGE table: $SENTINELA_MUNICIPALITIES, else ../shared/data/municipios.csv beside the repository,
    /// else the built-in demo list (capitals and large Minas Gerais cities only).
    /// </summary>
    public static (MunicipalityTable Table, string Origin) Municipalities()
    {
        var path = Environment.GetEnvironmentVariable(MunicipalitiesVariable);
        if (string.IsNullOrEmpty(path))
        {
            var shared = Path.GetFullPath(Path.Combine(Root.Value, "..", "shared", "data", "municipios.csv"));
            if (File.Exists(shared)) path = shared;
        }
        return path is null ? (MunicipalityTable.BuiltIn(), "the built-in list") : (MunicipalityTable.Load(path), path);
    }

    static T Bind<T>(string section) where T : new()
    {
        var options = new T();
        Settings.Value.GetSection(section).Bind(options);
        return options;
    }

    // BenchmarkDotNet runs each benchmark from a generated project deep under bin/, so search upwards.
    static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Sentinela.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (the folder holding Sentinela.slnx) above " + AppContext.BaseDirectory);
    }
}
