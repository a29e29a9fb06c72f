using System.Globalization;

namespace Sentinela.LoadHarness;

/// <summary>
/// The floor for (b): N plain SignalR clients of the bare baseline app (bench/Sentinela.BareSignalR), one ~1 KB
/// alert-shaped event sent with <c>Clients.All</c> (after untimed ones), each client acking it. Per client the delay from the send request to
/// receipt; server CPU per delivery (from the send until the acks have come back); memory per idle connection. The
/// figures go to --result-file for the Sentinela run of the same N.
/// </summary>
public static class BareFanOutScenario
{
    static async Task FireAsync(ScenarioContext context)
    {
        using var response = await context.Http.PostAsync("fire", null);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<int> RunAsync(ScenarioContext context)
    {
        var n = context.Arguments.Clients;
        var before = context.StartUsage().Read();
        await using var pool = await context.ConnectPoolAsync(WatcherKind.Bare, n);
        var idle = context.StartUsage().Read();
        var perConnectionKiB = before is null || idle is null || pool.Ready == 0 ? double.NaN : (idle.RssMiB - before.RssMiB) * 1024 / pool.Ready;
        Console.WriteLine($"  with {pool.Ready:N0} idle connections: {idle}; {perConnectionKiB:0.0} KiB per connection");

        // Events first, not timed: JIT (with tiered recompilation of what got hot) and first-use costs on both sides, as
        // Sentinela's run warms up too.
        for (var round = 1; round <= FanOutScenario.WarmUpRounds; round++)
        {
            await pool.MarkAsync(round - 1);
            await FireAsync(context);
            await pool.ReportAsync(context.Arguments.Wait);
            await Task.Delay(FanOutScenario.AckSettle);
        }
        await pool.MarkAsync(FanOutScenario.WarmUpRounds);
        var usage = context.StartUsage();
        var sent = WatcherReport.Now();
        await FireAsync(context);
        var seen = await pool.ReportAsync(context.Arguments.Wait);
        await Task.Delay(FanOutScenario.AckSettle);
        var server = usage.Read();

        var latency = LatencySummary.Of(seen.FirstEventAt.Where(t => !double.IsNaN(t)).Select(t => t - sent));
        var spread = FanOutScenario.Spread(seen);
        var cpuPerDelivery = server is null || latency.Count == 0 ? double.NaN : server.Cpu.TotalMilliseconds * 1000 / latency.Count;
        Console.WriteLine($"  received by {latency.Count:N0} of {pool.Ready:N0}; send → receipt: {latency}");
        Console.WriteLine($"  first client → each client: {spread}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  during the fan-out: {server}; {cpuPerDelivery:0.0} µs server CPU per delivery; event {seen.EventBytes} bytes"));

        if (context.Arguments.ResultFile is { } file)
            BaselineFile.Write(file, new Dictionary<string, double>
            {
                ["clients"] = n, ["ready"] = pool.Ready, ["received"] = latency.Count,
                ["p50_ms"] = latency.P50, ["p95_ms"] = latency.P95, ["p99_ms"] = latency.P99, ["spread_p99_ms"] = spread.P99,
                ["cpu_per_delivery_us"] = cpuPerDelivery, ["kib_per_connection"] = perConnectionKiB, ["event_bytes"] = seen.EventBytes,
            });

        var report = context.Report();
        report.Size = $"{ScenarioReport.Count(n)} clients";
        report.Throughput = $"{ScenarioReport.Count(latency.Count)}/{ScenarioReport.Count(n)} received";
        report.Latency = $"send → client {latency.Cell()}";
        report.Errors = ScenarioReport.ErrorList(pool.Failures);
        report.Server = server;
        report.Notes = string.Create(CultureInfo.InvariantCulture,
            $"bare SignalR floor; {cpuPerDelivery:0} µs CPU per delivery; {perConnectionKiB:0.0} KiB per idle connection; {context.Arguments.Processes} client process(es)");
        report.Field(string.Create(CultureInfo.InvariantCulture,
            $"clients={n} ready={pool.Ready} received={latency.Count} {latency.Fields("send_to_client")} cpu_per_delivery_us={cpuPerDelivery:0.0}"));
        report.Finish(context.Arguments.AppendTo);
        return pool.Ready == n && latency.Count == n ? 0 : 1;
    }
}
