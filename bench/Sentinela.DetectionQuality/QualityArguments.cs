using System.Globalization;
using Sentinela.DetectionQuality.Generation;
using Sentinela.DetectionQuality.Running;

namespace Sentinela.DetectionQuality;

/// <summary>The command line of <c>sentinela-detection-quality</c>; see <see cref="Help"/>.</summary>
public sealed record QualityArguments
{
    public const string Help = """
        sentinela-detection-quality [run] [options]    generate both prevalence levels, backtest every detector setup, print the tables
        sentinela-detection-quality generate --out DIR [--level realistic|low] [scenario options]
                                                       only write DIR/hemograms.ndjson.gz (FHIR, for sentinela-server backtest) and DIR/truth.json
        sentinela-detection-quality score --truth DIR/truth.json --alerts alerts.ndjson
                                                       score the output of sentinela-server backtest against a truth

        Scenario options (defaults: the documented scenario):
          --seed N               14          --municipalities N    45 (clusters of 5 around Minas Gerais regional centres)
          --history-days N       56          --days N              90 (scored)
          --replicates N         2 (× 54 outbreak design cells)     --null-windows N      120
        Run options:
          --levels L,L           realistic,low
          --configs NAME,NAME    every setup in EngineConfigurations (by name, as printed)
          --tick SPAN            1h  (data time between the detection's timer ticks; 30s, 15m, 1h or hh:mm:ss)
          --target-false-alarms X  2 (per municipality-year, for the matched rows)
          --out DIR              detection-quality (scenarios, alert files and report.md go there)
        """;

    public string Command { get; init; } = "run";
    public Scenario Scenario { get; init; } = new();
    public IReadOnlyList<PrevalenceLevel> Levels { get; init; } = [PrevalenceLevel.Realistic, PrevalenceLevel.Low];
    public IReadOnlyList<EngineConfiguration> Configurations { get; init; } = EngineConfigurations.All;
    public TimeSpan Tick { get; init; } = TimeSpan.FromHours(1);
    public double TargetFalseAlarms { get; init; } = 2;
    public string Out { get; init; } = "detection-quality";
    public string? Truth { get; init; }
    public string? Alerts { get; init; }

    public static QualityArguments Parse(string[] args)
    {
        var parsed = new QualityArguments();
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith('-')) parsed = parsed with { Command = args[i++] };
        if (parsed.Command is not ("run" or "generate" or "score")) throw new ArgumentException($"Unknown command '{parsed.Command}'.");
        for (; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            var scenario = parsed.Scenario;
            parsed = name switch
            {
                "--seed" => parsed with { Scenario = scenario with { Seed = Int(value) } },
                "--municipalities" => parsed with { Scenario = scenario with { Municipalities = Int(value) } },
                "--history-days" => parsed with { Scenario = scenario with { HistoryDays = Int(value) } },
                "--days" => parsed with { Scenario = scenario with { ScoredDays = Int(value) } },
                "--replicates" => parsed with { Scenario = scenario with { Replicates = Int(value) } },
                "--null-windows" => parsed with { Scenario = scenario with { NullWindows = Int(value) } },
                "--level" => parsed with { Scenario = scenario with { Prevalence = Level(value) } },
                "--levels" => parsed with { Levels = [.. value.Split(',').Select(Level)] },
                "--configs" => parsed with { Configurations = [.. value.Split(',').Select(Configuration)] },
                "--tick" => parsed with { Tick = Span(value) },
                "--target-false-alarms" => parsed with { TargetFalseAlarms = double.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => parsed with { Out = value },
                "--truth" => parsed with { Truth = value },
                "--alerts" => parsed with { Alerts = value },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }
        if (parsed.Command == "score" && (parsed.Truth is null || parsed.Alerts is null))
            throw new ArgumentException("score needs --truth and --alerts.");
        return parsed;
    }

    static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    static PrevalenceLevel Level(string value) =>
        Enum.TryParse<PrevalenceLevel>(value, ignoreCase: true, out var level) ? level : throw new ArgumentException($"Unknown level '{value}'.");

    static EngineConfiguration Configuration(string name) =>
        EngineConfigurations.All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown configuration '{name}'; known: {string.Join(", ", EngineConfigurations.All.Select(c => c.Name))}.");

    static TimeSpan Span(string value)
    {
        var unit = value[^1];
        if (char.IsAsciiLetter(unit) && double.TryParse(value[..^1], CultureInfo.InvariantCulture, out var amount))
            return unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => throw new ArgumentException($"Unknown unit in '{value}'."),
            };
        return TimeSpan.Parse(value, CultureInfo.InvariantCulture);
    }
}
