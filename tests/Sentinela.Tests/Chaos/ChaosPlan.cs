namespace Sentinela.Tests.Chaos;

/// <summary>
/// What a chaos run injects and for how long, from the environment (bench/chaos/chaos.sh sets it):
/// CHAOS_FAULTS (comma-separated names of <see cref="Fault.All"/>, or "all"; default the smoke: control, kill-instance,
/// sentinel-failover, postgres-primary-kill), CHAOS_WINDOW_SECONDS (each window before/during/after a fault; default 5),
/// CHAOS_CLIENTS (apps watching; default 10), CHAOS_REPORT (a file the table is appended to), CHAOS_ASSERT_TIMING=1.
/// </summary>
public sealed record ChaosPlan(IReadOnlyList<Fault> Faults, TimeSpan Window, int Clients, string? ReportFile, bool AssertTiming)
{
    static readonly string[] Smoke = ["control", "kill-instance", "sentinel-failover", "postgres-primary-kill"];

    public static ChaosPlan FromEnvironment()
    {
        var names = Environment.GetEnvironmentVariable("CHAOS_FAULTS") switch
        {
            null or "" => Smoke,
            "all" => [.. Fault.All.Select(f => f.Name)],
            var list => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        var unknown = names.Where(n => Fault.All.All(f => f.Name != n)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown fault(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Fault.All.Select(f => f.Name))}.");
        return new(
            [.. Fault.All.Where(f => names.Contains(f.Name))],
            TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("CHAOS_WINDOW_SECONDS"), out var s) ? s : 5),
            int.TryParse(Environment.GetEnvironmentVariable("CHAOS_CLIENTS"), out var c) ? c : 10,
            Environment.GetEnvironmentVariable("CHAOS_REPORT") is { Length: > 0 } file ? file : null,
            Environment.GetEnvironmentVariable("CHAOS_ASSERT_TIMING") == "1");
    }
}
