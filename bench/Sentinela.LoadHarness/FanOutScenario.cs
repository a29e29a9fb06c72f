using System.Globalization;

namespace Sentinela.LoadHarness;

/// <summary>
/// (b) N idle connections, then one alert fanned out: N clients watch the state; one batch Bundle in --municipality and
/// an immediate decision raise an outbreak. Per client the delay from the decision (the version's updatedAt) to receipt,
/// the spread (first client → each), server CPU per delivery net of the same outbreak decided with no client connected
/// (measured first, in another municipality), resends, memory per idle connection; with --baseline, the ratios to the
/// bare SignalR floor of the same N. Exit code 1 when a client did not connect or receive, 3 when all did but p99 ≥ 1 s.
/// </summary>
public static class FanOutScenario
{
    public const int TooSlow = 3;

    const int Uberlandia = 3170206;

    /// <summary>Untimed rounds before the measured one, in both runs.</summary>
    public const int WarmUpRounds = 2;

    // Juiz de Fora, Montes Claros: far from Contagem and from each other, so each warm-up is an outbreak of its own.
    static readonly int[] WarmUpPlaces = [3136702, 3143302];

    /// <summary>After the last receipt: the acks of the last clients reach the server and are counted in its CPU.</summary>
    public static readonly TimeSpan AckSettle = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(ScenarioContext context)
    {
        var n = context.Arguments.Clients;
        await context.WarmUpAsync();
        await context.DecideAsync();

        // What the outbreak costs the server without any client: ingesting its Bundle and deciding it.
        var reference = context.StartUsage();
        var elsewhere = context.Municipalities.FirstOrDefault(m => m.IbgeCode == Uberlandia)
            ?? context.Municipalities.First(m => m.IbgeCode != context.OutbreakMunicipality.IbgeCode);
        await context.TriggerOutbreakAsync(unchecked(context.Seed + 7), elsewhere);
        await context.DecideAsync();
        var decisionCpu = reference.Read()?.Cpu.TotalMilliseconds ?? 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the outbreak with no client: {decisionCpu:0} ms server CPU (Bundle + decision)"));

        await using var users = await context.UsersForAsync(n);
        var before = context.StartUsage().Read();
        await using var pool = await context.ConnectPoolAsync(WatcherKind.Sentinela, n, users);
        var idle = context.StartUsage().Read();
        var perConnectionKiB = before is null || idle is null || pool.Ready == 0 ? double.NaN : (idle.RssMiB - before.RssMiB) * 1024 / pool.Ready;
        Console.WriteLine($"  with {pool.Ready:N0} idle connections: {idle}; {perConnectionKiB:0.0} KiB per connection");

        // Outbreaks elsewhere in the state first, not timed: JIT (with tiered recompilation of what got hot) and
        // first-use costs of the fan-out path on both sides, as the bare run sends untimed events first.
        var mark = pool.MaxSequence;
        foreach (var code in WarmUpPlaces.Take(WarmUpRounds))
        {
            var warm = context.Municipalities.FirstOrDefault(m => m.IbgeCode == code);
            if (warm is null) continue;
            await pool.MarkAsync(mark);
            await context.TriggerOutbreakAsync(unchecked(context.Seed + code), warm);
            await context.DecideAsync();
            mark = Math.Max(mark, (await pool.ReportAsync(context.Arguments.Wait)).MaxSequence);
            await Task.Delay(AckSettle);
        }
        await pool.MarkAsync(mark);
        var resendsBefore = await context.ResendsAsync();
        var usage = context.StartUsage();
        var sent = WatcherReport.Now();
        await context.TriggerOutbreakAsync(context.Seed);
        await context.DecideAsync();
        var seen = await pool.ReportAsync(context.Arguments.Wait);
        await Task.Delay(AckSettle);
        var server = usage.Read();
        var resends = await context.ResendsAsync() - resendsBefore;

        var decided = LatencySummary.Of(seen.LiveLagsMs);
        var received = seen.FirstEventAt.Count(t => !double.IsNaN(t));
        var fromPost = LatencySummary.Of(seen.FirstEventAt.Where(t => !double.IsNaN(t)).Select(t => t - sent));
        var spread = Spread(seen);
        var cpuPerDelivery = server is null || received == 0 ? double.NaN : (server.Cpu.TotalMilliseconds - decisionCpu) * 1000 / received;
        Console.WriteLine($"  received by {received:N0} of {pool.Ready:N0} ready clients; decided → client ({seen.LiveLagsMs.Length:N0} live events): {decided}");
        Console.WriteLine($"  POST → client: {fromPost}; first client → each client: {spread}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  during the fan-out: {server}; {cpuPerDelivery:0.0} µs server CPU per delivery (net of the decision); {resends} resends; event {seen.EventBytes} bytes"));

        var ratios = "";
        if (context.Arguments.Baseline is { } file && File.Exists(file))
        {
            var bare = BaselineFile.Read(file);
            string Ratio(double ours, string key) => bare.TryGetValue(key, out var floor) && floor > 0 ? (ours / floor).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";
            ratios = $"÷ bare SignalR: p50 {Ratio(decided.P50, "p50_ms")}, p99 {Ratio(decided.P99, "p99_ms")}, spread p99 {Ratio(spread.P99, "spread_p99_ms")}, "
                + $"CPU per delivery {Ratio(cpuPerDelivery, "cpu_per_delivery_us")}, memory per connection {Ratio(perConnectionKiB, "kib_per_connection")}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  bare SignalR, same N: send → client p50 {bare["p50_ms"]:0} ms / p99 {bare["p99_ms"]:0} ms, {bare["cpu_per_delivery_us"]:0} µs CPU per delivery, {bare["kib_per_connection"]:0.0} KiB per connection"));
            Console.WriteLine($"  RATIO {ratios}");
        }

        var ok = pool.Ready == n && received == n && decided.P99 < 1000;
        var report = context.Report();
        report.Size = $"{ScenarioReport.Count(n)} clients";
        report.Throughput = $"{ScenarioReport.Count(received)}/{ScenarioReport.Count(n)} received";
        report.Latency = $"decided → client {decided.Cell()}";
        report.Errors = ScenarioReport.ErrorList(pool.Failures) + (resends > 0 ? $", {resends} resends" : "");
        report.Server = server;
        report.Notes = string.Create(CultureInfo.InvariantCulture,
            $"{cpuPerDelivery:0} µs CPU per delivery; {perConnectionKiB:0.0} KiB per idle connection; spread p99 {LatencySummary.Ms(spread.P99)}; {context.Arguments.Processes} client process(es)")
            + (ratios.Length > 0 ? "; " + ratios : "");
        report.Field(string.Create(CultureInfo.InvariantCulture,
            $"clients={n} ready={pool.Ready} received={received} {decided.Fields("decided_to_client")} {spread.Fields("spread")} cpu_per_delivery_us={cpuPerDelivery:0.0} resends={resends} ok={ok}"));
        report.Finish(context.Arguments.AppendTo);
        return ok ? 0 : pool.Ready == n && received == n ? TooSlow : 1;
    }

    /// <summary>How long after the first client each client received it: the part of the latency that grows with N.</summary>
    public static LatencySummary Spread(WatcherReport seen)
    {
        var received = seen.FirstEventAt.Where(t => !double.IsNaN(t)).ToArray();
        return received.Length == 0 ? LatencySummary.Empty : LatencySummary.Of(received.Select(t => t - received.Min()));
    }
}
