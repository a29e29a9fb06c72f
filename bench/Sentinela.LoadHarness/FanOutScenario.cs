namespace Sentinela.LoadHarness;

/// <summary>
/// (b) N idle connections, then one alert fanned out: N clients watch the state; one batch Bundle raises an outbreak;
/// per-client latency from the start of that POST to the client's receipt, and how many received it.
/// Exit code 3 when p99 ≥ 1 s or a client did not connect or receive: the script's search for the largest N stops there.
/// </summary>
public static class FanOutScenario
{
    public const int TooSlow = 3;

    public static async Task<int> RunAsync(ScenarioContext context)
    {
        var n = context.Arguments.Clients;
        await context.WarmUpAsync();
        await using var users = await context.UsersForAsync(n);
        var usage = context.StartUsage();
        await using var watchers = await context.ConnectAsync(users, n, context.StateArea);
        var idle = usage.Read();
        Console.WriteLine($"  with {watchers.Ready:N0} idle connections: {idle}");

        watchers.Mark();
        usage = context.StartUsage();
        var sent = await context.TriggerOutbreakAsync(context.Seed);
        await watchers.WaitForEveryoneAsync(context.Arguments.Wait);
        var server = usage.Read();
        var receipts = watchers.FirstEventTimes.Where(t => t != 0).ToArray();
        var latency = LatencySummary.Of(receipts.Select(t => ScenarioContext.MillisecondsBetween(sent, t)));
        // The part that grows with N: how long after the first client the others got it (the POST's own time is the same for all).
        var firstReceipt = receipts.Length > 0 ? receipts.Min() : 0;
        var spread = LatencySummary.Of(receipts.Select(t => ScenarioContext.MillisecondsBetween(firstReceipt, t)));
        var decided = LatencySummary.Of(watchers.LiveLagsMs);
        Console.WriteLine($"  received by {latency.Count:N0} of {watchers.Ready:N0} ready clients; POST → receipt: {latency}");
        Console.WriteLine($"  first client → each client (the fan-out's own spread): {spread}");
        Console.WriteLine($"  alert decided → receipt, every live event ({watchers.VersionsSeen} alert versions): {decided}");
        Console.WriteLine($"  during the fan-out: {server}");

        var ok = watchers.Ready == n && latency.Count == n && latency.P99 < 1000;
        var report = context.Report();
        report.Size = $"{ScenarioReport.Count(n)} clients";
        report.Throughput = $"{ScenarioReport.Count(latency.Count)}/{ScenarioReport.Count(n)} received";
        report.Latency = $"POST → client {latency.Cell()}";
        report.Errors = ScenarioReport.ErrorList(watchers.Failures);
        report.Server = server is null ? idle : server with { PeakRssMiB = Math.Max(server.PeakRssMiB, idle?.PeakRssMiB ?? 0) };
        report.Notes = $"trigger POST answered in {context.LastTriggerMs:0} ms; first → p99 client {LatencySummary.Ms(spread.P99)}"
            + (idle is null ? "" : $"; {idle.RssMiB:0} MiB RSS with the clients idle");
        report.Field($"clients={n} ready={watchers.Ready} received={latency.Count} {latency.Fields("fanout")} {spread.Fields("spread")} {decided.Fields("decided_to_client")} ok={ok}");
        report.Finish(context.Arguments.AppendTo);
        return ok ? 0 : TooSlow;
    }
}
