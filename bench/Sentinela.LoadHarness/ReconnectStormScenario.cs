namespace Sentinela.LoadHarness;

/// <summary>
/// (d) Reconnect storm: --clients clients connected (over --processes); every connection closed at once (as a network
/// cut or a restart of their instance would); an outbreak raised while they are away; then all reconnect at once, each
/// resuming from the last sequence it had seen, as the SDK does. Per client: time from the storm's start until it is
/// connected, subscribed and has replayed the alert it missed.
/// </summary>
public static class ReconnectStormScenario
{
    public static async Task<int> RunAsync(ScenarioContext context)
    {
        var n = context.Arguments.Clients;
        await context.WarmUpAsync();
        await context.DecideAsync();
        await using var users = await context.UsersForAsync(n);
        await using var pool = await context.ConnectPoolAsync(WatcherKind.Sentinela, n, users);
        await pool.MarkAsync(pool.MaxSequence);
        var dropping = WatcherReport.Now();
        await pool.DropAsync();
        Console.WriteLine($"{n:N0} connections closed in {(WatcherReport.Now() - dropping) / 1000:0.0} s");

        await context.TriggerOutbreakAsync(context.Seed);
        await context.DecideAsync();
        var usage = context.StartUsage();
        var storm = WatcherReport.Now();
        await pool.ReconnectAsync();
        var seen = await pool.ReportAsync(context.Arguments.Wait);
        var server = usage.Read();

        var resumed = LatencySummary.Of(seen.ReadyAt.Where(t => !double.IsNaN(t)).Select(t => t - storm));
        var replayed = seen.FirstEventAt.Count(t => !double.IsNaN(t));
        Console.WriteLine($"  {pool.Ready:N0} of {n:N0} resumed, {replayed:N0} replayed the missed alert; storm start → resumed: {resumed}");
        Console.WriteLine($"  {server}");

        var report = context.Report();
        report.Size = $"{ScenarioReport.Count(n)} clients, {context.Arguments.ConnectConcurrency} connecting at once, {context.Arguments.Processes} client process(es)";
        report.Throughput = $"{ScenarioReport.Count(replayed)}/{ScenarioReport.Count(n)} resumed with the missed alert; all in {ScenarioReport.Seconds(resumed.Max / 1000)}";
        report.Latency = $"storm → resumed {resumed.Cell()}";
        report.Errors = ScenarioReport.ErrorList(pool.Failures);
        report.Server = server;
        report.Field($"clients={n} resumed={pool.Ready} replayed={replayed} {resumed.Fields("resume")}");
        report.Finish(context.Arguments.AppendTo);
        return pool.Ready == n && replayed == n ? 0 : 1;
    }
}
