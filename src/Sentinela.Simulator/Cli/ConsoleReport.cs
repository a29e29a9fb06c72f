using Sentinela.Simulator.Generation;
using Sentinela.Simulator.Traffic;

namespace Sentinela.Simulator.Cli;

/// <summary>What the operator sees: the plan, a progress block every few seconds, the totals and the alerts.</summary>
sealed class ConsoleReport(TextWriter output, HemogramGenerator generator)
{
    TrafficSnapshot? _previous;
    string? _lastErrorShown;

    public void Plan(SimulatorArguments arguments, int seed, string municipalities, TrafficOptions options)
    {
        output.WriteLine($"Sentinela simulator → {arguments.Server}  seed {seed} (pass --seed {seed} to replay)");
        output.WriteLine($"  {municipalities}");
        output.WriteLine($"  labs: {string.Join("; ", generator.Labs.Select(l => $"{l.Name} (CNES {l.Cnes})"))}");
        var pace = options.Rate > 0 ? $"{options.Rate:0.##} hemograms/s" : "as fast as possible";
        var extent = options.Duration is { } d ? $"for {d.TotalSeconds:0.#} s" : options.Count is { } c ? $"{c} hemograms" : "until Ctrl+C";
        var shape = options.BundleSize > 0 ? $"batch Bundles of {options.BundleSize}" : "one Observation per request";
        output.WriteLine($"  {pace}, {extent}, {options.Concurrency} in flight, {shape}");
        foreach (var outbreak in generator.Outbreaks)
            output.WriteLine($"  outbreak {outbreak.Scenario} ({outbreak.Municipality.Name}/{outbreak.Municipality.State.Abbreviation})");
    }

    public void Progress(TrafficSnapshot snapshot)
    {
        output.WriteLine(snapshot.Describe(_previous));
        foreach (var outbreak in generator.Outbreaks)
            output.WriteLine($"         outbreak {outbreak.DescribeAt(snapshot.Elapsed)}");
        ShowNewError(snapshot, "         ");
        _previous = snapshot;
    }

    public void Totals(TrafficSnapshot total)
    {
        output.WriteLine($"Done. {total.Describe()} (average)");
        ShowNewError(total, "  ");
    }

    public void Alerts(IReadOnlyList<string> lines)
    {
        output.WriteLine("Alerts (GET /api/alerts):");
        foreach (var line in lines) output.WriteLine($"  {line}");
    }

    // The same error repeated a thousand times is shown once.
    void ShowNewError(TrafficSnapshot snapshot, string indent)
    {
        if (snapshot.LastError is not { } error || error == _lastErrorShown) return;
        output.WriteLine($"{indent}last error: {error}");
        _lastErrorShown = error;
    }
}
