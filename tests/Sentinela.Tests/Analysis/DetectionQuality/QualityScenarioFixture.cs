using Sentinela.DetectionQuality.Generation;
using Sentinela.DetectionQuality.Running;
using Sentinela.DetectionQuality.Scoring;
using Sentinela.Server.Analysis.Backtesting;

namespace Sentinela.Tests.Analysis.DetectionQuality;

/// <summary>
/// The CI scenario at both prevalence levels, generated, parsed and backtested once for every test of the class, with the
/// detection as shipped (appsettings.json).
/// </summary>
public sealed class QualityScenarioFixture : IAsyncLifetime
{
    /// <summary>Smaller than the documented scenario (45 municipalities, 90 scored days) so CI runs it in about a minute; the same 8 weeks of history.</summary>
    public static readonly Scenario Ci = new()
    {
        Seed = 14,
        Municipalities = 20,
        HistoryDays = 56,
        ScoredDays = 42,
        Replicates = 1,
        NullWindows = 60,
    };

    readonly string _directory = Directory.CreateTempSubdirectory("sentinela-quality-").FullName;

    public Dictionary<PrevalenceLevel, Level> Levels { get; } = [];

    public sealed record Level(GroundTruth Truth, BacktestInput Input, Dictionary<string, QualityMetrics> Metrics);

    public async Task InitializeAsync()
    {
        var runner = new QualityRunner(TimeSpan.FromHours(1), targetFalseAlarms: 2, TextWriter.Null);
        foreach (var prevalence in Enum.GetValues<PrevalenceLevel>())
        {
            var (truth, input, _, _) = await runner.PrepareAsync(Ci with { Prevalence = prevalence },
                Path.Combine(_directory, prevalence.ToString()), CancellationToken.None);
            var shipped = EngineConfigurations.Shipped;
            Levels[prevalence] = new Level(truth, input,
                new() { [shipped.Name] = (await runner.ScoreAsync(truth, input, shipped.Settings, CancellationToken.None)).Metrics });
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
