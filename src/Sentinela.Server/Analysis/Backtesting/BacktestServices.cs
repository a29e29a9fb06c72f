using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Analysis.Scan;
using Sentinela.Server.Analysis.Silence;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Geography;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>
/// The few services a backtest needs, on the server's own configuration: options, the municipality table, parsing and
/// individual analysis, footprints and the engine. Nothing that listens, stores or connects. Public so a harness that
/// generates hemograms grades them with the same reference ranges the backtest will.
/// </summary>
public static class BacktestServices
{
    /// <summary>
    /// appsettings.json (and appsettings.{environment}.json) from the working directory like the server, or beside the binary
    /// when the working directory has none; then environment variables; then <paramref name="settings"/> (<c>--set</c>).
    /// </summary>
    public static ServiceProvider Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var folder = File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))
            ? Directory.GetCurrentDirectory() : AppContext.BaseDirectory;
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(folder, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(folder, $"appsettings.{environment}.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings)
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddGeography();
        services.AddOptions<IndividualAnalysisOptions>().BindConfiguration(IndividualAnalysisOptions.Section).ValidateDataAnnotations();
        services.AddOptions<DetectionOptions>().BindConfiguration(DetectionOptions.Section).ValidateDataAnnotations();
        services.AddOptions<BaselineOptions>().BindConfiguration(DetectionOptions.Section + ":Baseline").ValidateDataAnnotations();
        services.AddOptions<ScanOptions>().BindConfiguration(DetectionOptions.Section + ":Scan").ValidateDataAnnotations();
        services.AddOptions<FeedSilenceOptions>().BindConfiguration(DetectionOptions.Section + ":FeedSilence").ValidateDataAnnotations();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations();
        services.AddSingleton(sp => new IndividualAnalyzer(sp.GetRequiredService<IOptions<IndividualAnalysisOptions>>().Value));
        // No laboratories are registered in a backtest: a hemogram must say where it comes from.
        services.AddSingleton(sp => new HemogramParser(sp.GetRequiredService<MunicipalityTable>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<IngestionOptions>>().Value, new Identity.LaboratoryDirectory()));
        services.AddSingleton<FhirParser>();
        services.AddSingleton<ISecretStore, EphemeralSecretStore>();
        services.AddSingleton<SourceKeyHasher>();
        services.AddSingleton<HemogramFactory>();
        services.AddSingleton<AlertFootprints>();
        // A fresh engine per run: each keeps its own counts and open alerts. The server's own, on data time.
        services.AddTransient(sp => new BacktestEngine(new DetectionEngine(
            sp.GetRequiredService<IOptions<DetectionOptions>>().Value,
            sp.GetRequiredService<IOptions<BaselineOptions>>().Value,
            sp.GetRequiredService<IOptions<ScanOptions>>().Value,
            sp.GetRequiredService<IOptions<FeedSilenceOptions>>().Value,
            sp.GetRequiredService<MunicipalityTable>(),
            TemporalDetectors.Create(sp.GetRequiredService<IOptions<DetectionOptions>>().Value.TemporalKinds, sp.GetRequiredService<IConfiguration>()),
            DateTimeOffset.UnixEpoch)));
        return services.BuildServiceProvider();
    }
}
