using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.DetectionQuality.Generation;
using Sentinela.DetectionQuality.Scoring;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Backtesting;
using Sentinela.Server.Analysis.Individual;

namespace Sentinela.DetectionQuality.Running;

/// <summary>
/// For one scenario: generate it once, parse it once through the server's own parser, then backtest every detector setup
/// over the same hemograms and score each against the truth. A setup with a knob is run at each knob value, and reported
/// at the value whose false alarms per municipality-year come closest to <paramref name="targetFalseAlarms"/>.
/// </summary>
public sealed class QualityRunner(TimeSpan tick, double targetFalseAlarms, TextWriter log)
{
    /// <summary>What every run shares: the bench's Minas Gerais municipality table.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> BaseSettings { get; } =
        [new("Sentinela:Geography:MunicipalitiesFile", MunicipalityPanel.MunicipalitiesFile)];

    public async Task<LevelReport> RunAsync(Scenario scenario, IReadOnlyList<EngineConfiguration> configurations, string directory, CancellationToken ct)
    {
        var (truth, input, generation, parsing) = await PrepareAsync(scenario, directory, ct);
        var results = new List<ConfigurationResult>();
        var sweeps = new List<SweepPoint>();
        foreach (var configuration in configurations)
        {
            if (configuration.Knob is not { } knob)
            {
                var (metrics, elapsed) = await ScoreAsync(truth, input, configuration.Settings, ct);
                results.Add(new ConfigurationResult(configuration.Name, "shipped", metrics, elapsed));
                Log(configuration.Name, "", metrics, elapsed);
                continue;
            }
            var points = new List<(SweepPoint Point, TimeSpan Elapsed)>();
            foreach (var value in knob.Values)
            {
                var (metrics, elapsed) = await ScoreAsync(truth, input, [.. configuration.Settings, .. knob.SettingsFor(value)], ct);
                points.Add((new SweepPoint(configuration.Name, knob.Label, value, metrics), elapsed));
                Log(configuration.Name, string.Create(CultureInfo.InvariantCulture, $" {knob.Label}={value}"), metrics, elapsed);
            }
            sweeps.AddRange(points.Select(p => p.Point));
            var best = points.OrderBy(p => Math.Abs(p.Point.Metrics.FalseAlarmsPerMunicipalityYear - targetFalseAlarms))
                .ThenByDescending(p => p.Point.Metrics.Sensitivity.Value).First();
            results.Add(new ConfigurationResult(configuration.Name,
                string.Create(CultureInfo.InvariantCulture, $"{knob.Label} {best.Point.Value}"), best.Point.Metrics, best.Elapsed));
        }
        return new LevelReport(truth, results, sweeps, generation, parsing);
    }

    /// <summary>Generates the scenario into <paramref name="directory"/> and reads it back through the server's parser.</summary>
    public async Task<(GroundTruth Truth, BacktestInput Input, TimeSpan Generation, TimeSpan Parsing)> PrepareAsync(
        Scenario scenario, string directory, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        GroundTruth truth;
        await using (var services = BacktestServices.Build(BaseSettings))
            truth = await new ScenarioGenerator(scenario, services.GetRequiredService<MunicipalityTable>(),
                services.GetRequiredService<IndividualAnalyzer>()).WriteAsync(directory, ct);
        var generation = Stopwatch.GetElapsedTime(started);
        log.WriteLine($"{scenario.Prevalence}: {truth.Hemograms} hemograms, {truth.Outbreaks.Count} outbreaks ({truth.OutbreaksNotPlaced} not placed), " +
            $"{truth.NullWindows.Count} null windows generated in {generation.TotalSeconds:0.0} s");

        started = Stopwatch.GetTimestamp();
        var input = await Backtest.ReadAsync(Path.Combine(directory, ScenarioGenerator.HemogramsFile), BaseSettings, ct);
        var parsing = Stopwatch.GetElapsedTime(started);
        if (input.Refused.Count > 0)
            throw new InvalidOperationException($"The server refused {input.Refused.Count} generated hemograms; line {input.Refused[0].LineNumber}: {input.Refused[0].Reason}");
        log.WriteLine($"{scenario.Prevalence}: parsed {input.Hemograms.Count} hemograms in {parsing.TotalSeconds:0.0} s");
        return (truth, input, generation, parsing);
    }

    public async Task<(QualityMetrics Metrics, TimeSpan Elapsed)> ScoreAsync(
        GroundTruth truth, BacktestInput input, IReadOnlyList<KeyValuePair<string, string?>> settings, CancellationToken ct)
    {
        var result = await Backtest.RunAsync(new BacktestRequest
        {
            Input = input,
            Tick = tick,
            To = truth.ScoredTo,
            Settings = [.. BaseSettings, .. settings],
        }, ct);
        return (DetectionScorer.Score(truth, [.. result.Versions.Select(AlertRecord.From)]), result.Elapsed);
    }

    void Log(string name, string setting, QualityMetrics m, TimeSpan elapsed) => log.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {name}{setting}: sensitivity {m.Sensitivity}, goal stratum {m.GoalStratum}, null-window hits {m.NullWindowHits}, " +
        $"false alarms {m.FalseAlarmsPerMunicipalityYear:0.0}/municipality-year, {m.AlertsPerDay:0.0} alerts/day ({elapsed.TotalSeconds:0.0} s)"));
}
