using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Bench;

/// <summary>
/// bench/load-scenarios.sh at a few hundred clients, on this test run's build: the scenarios behind docs/BENCHMARKS.md
/// (bare SignalR floor, fan-out, reconnect storm, three distributed instances) keep working end to end. Only outcomes
/// are checked here (every client connected, received, resumed); their timings are the benchmark's business.
/// </summary>
public sealed class LoadScenarioSmokeTests
{
    [Fact]
    public async Task Embedded_fan_out_and_reconnect_storm_next_to_their_bare_floors_serve_every_client()
    {
        var (exit, output) = await RunAsync(["embedded", "fanout", "storm"],
            new() { ["FANOUT_CLIENTS"] = "100", ["STORM_CLIENTS"] = "100", ["STORM_CONCURRENCY"] = "50", ["PROCESSES"] = "2" });

        Assert.True(exit == 0, output);
        var bare = Result(output, "bare-fanout");
        Assert.Equal((100, 100), (Int(bare, "ready"), Int(bare, "received")));
        var fanout = Result(output, "fanout");
        Assert.Equal((100, 100), (Int(fanout, "ready"), Int(fanout, "received")));
        // Measured, not judged: at 100 clients the decision's own CPU (subtracted) outweighs the fan-out's, so the net can
        // come out below zero on a busy machine.
        Assert.True(double.TryParse(fanout["cpu_per_delivery_us"], CultureInfo.InvariantCulture, out _), output);
        Assert.Contains("RATIO ÷ bare SignalR: p50 ", output);
        var stormFloor = Result(output, "idle");
        Assert.Equal(100, Int(stormFloor, "ready"));
        var storm = Result(output, "storm");
        Assert.Equal((100, 100), (Int(storm, "resumed"), Int(storm, "replayed")));
    }

    [Fact]
    public async Task Three_distributed_instances_fan_one_alert_out_to_clients_spread_over_them()
    {
        var (exit, output) = await RunAsync(["distributed", "fanout"],
            new() { ["INSTANCES"] = "3", ["BARE"] = "0", ["FANOUT_CLIENTS"] = "150", ["PROCESSES"] = "3" });

        Assert.True(exit == 0, output);
        Assert.Contains("RESULT scenario=fanout backend=distributed ×3 ", output);
        var fanout = Result(output, "fanout");
        Assert.Equal((150, 150), (Int(fanout, "ready"), Int(fanout, "received")));
    }

    static async Task<(int Exit, string Output)> RunAsync(string[] args, Dictionary<string, string> sizes)
    {
        var script = ReferenceData.FindUp(Path.Combine("bench", "load-scenarios.sh"))
            ?? throw new FileNotFoundException("bench/load-scenarios.sh not found above the test output folder.");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args.Prepend(script)) info.ArgumentList.Add(a);
        // The build this test run made (its project references build the harness and the bare app too); no table row.
        info.Environment["CONFIGURATION"] = typeof(LoadScenarioSmokeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        info.Environment["NO_BUILD"] = "1";
        if (ReferenceData.MunicipalitiesFile is { } municipalities) info.Environment["MUNICIPALITIES"] = municipalities;
        info.Environment["APPEND"] = "";
        info.Environment["PORT"] = FreePorts.Consecutive(3).ToString(CultureInfo.InvariantCulture);
        info.Environment["PG_PORT"] = FreePorts.Take().ToString(CultureInfo.InvariantCulture);
        info.Environment["REDIS_PORT"] = FreePorts.Take().ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in sizes) info.Environment[name] = value;

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"load-scenarios.sh {string.Join(' ', args)} did not finish in 5 minutes: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The harness's RESULT line of a scenario as key=value pairs.</summary>
    static Dictionary<string, string> Result(string output, string scenario) =>
        output.Split('\n').Single(l => l.StartsWith($"RESULT scenario={scenario} ", StringComparison.Ordinal))
            .Split(' ').Select(pair => pair.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);

    static int Int(Dictionary<string, string> result, string key) => int.Parse(result[key], CultureInfo.InvariantCulture);
}
