using Sentinela.DetectionQuality.Generation;
using Sentinela.DetectionQuality.Running;
using Sentinela.DetectionQuality.Scoring;

namespace Sentinela.DetectionQuality;

static class Program
{
    static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(QualityArguments.Help);
            return 0;
        }
        QualityArguments arguments;
        try
        {
            arguments = QualityArguments.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"{e.Message}\n\n{QualityArguments.Help}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var ct = cancel.Token;
        var runner = new QualityRunner(arguments.Tick, arguments.TargetFalseAlarms, Console.Error);
        switch (arguments.Command)
        {
            case "generate":
                await runner.PrepareAsync(arguments.Scenario, arguments.Out, ct);
                Console.Error.WriteLine($"Wrote {Path.Combine(arguments.Out, ScenarioGenerator.HemogramsFile)} and {ScenarioGenerator.TruthFile}.");
                return 0;
            case "score":
                var truth = await GroundTruth.LoadAsync(arguments.Truth!, ct);
                Console.WriteLine(MarkdownReport.Describe(DetectionScorer.Score(truth, await AlertRecord.ReadAsync(arguments.Alerts!, ct))));
                return 0;
            default:
                var levels = new List<LevelReport>();
                foreach (var level in arguments.Levels)
                    levels.Add(await runner.RunAsync(arguments.Scenario with { Prevalence = level }, arguments.Configurations,
                        Path.Combine(arguments.Out, level.ToString().ToLowerInvariant()), ct));
                var report = MarkdownReport.Render(levels, arguments.TargetFalseAlarms);
                await File.WriteAllTextAsync(Path.Combine(arguments.Out, "report.md"), report, ct);
                Console.WriteLine(report);
                return 0;
        }
    }
}
