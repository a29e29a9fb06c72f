using System.Diagnostics;

namespace Sentinela.LoadHarness;

/// <summary>
/// (d) Reconnect storm: --clients clients connected; every connection closed at once (as a network cut or a restart of
/// their instance would); an outbreak raised while they are away; then all reconnect at once, each resuming from the
/// last sequence it had seen, as the SDK does. Per client: time from the storm's start until it is connected,
/// subscribed and has replayed the alert it missed.
/// </summary>
public static class ReconnectStormScenario
{
    public static async Task<int> RunAsync(ScenarioContext context)
    {
        var n = context.Arguments.Clients;
        await context.WarmUpAsync();
        await using var users = await context.UsersForAsync(n);
        var first = await context.ConnectAsync(users, n, context.StateArea);
        var resumeFrom = first.LastSequences;
        var dropping = Stopwatch.GetTimestamp();
        await first.DisposeAsync();
        Console.WriteLine($"{first.Ready:N0} connections closed in {Stopwatch.GetElapsedTime(dropping).TotalSeconds:0.0} s");

        await context.TriggerOutbreakAsync(context.Seed);
        var usage = context.StartUsage();
        var storm = Stopwatch.GetTimestamp();
        await using var again = await context.ConnectAsync(users, n, context.StateArea, resumeFrom, resumeFrom.Max());
        var server = usage.Read();

        var resumed = LatencySummary.Of(again.ReadyTimes.Select(t => ScenarioContext.MillisecondsBetween(storm, t)));
        var replayed = again.FirstEventTimes.Count(t => t != 0);
        Console.WriteLine($"  {again.Ready:N0} of {n:N0} resumed, {replayed:N0} replayed the missed alert; storm start → resumed: {resumed}");
        Console.WriteLine($"  {server}");

        var report = context.Report();
        report.Size = $"{ScenarioReport.Count(n)} clients, {context.Arguments.ConnectConcurrency} connecting at once";
        report.Throughput = $"{ScenarioReport.Count(replayed)}/{ScenarioReport.Count(n)} resumed with the missed alert; all in {ScenarioReport.Seconds(resumed.Max / 1000)}";
        report.Latency = $"storm → resumed {resumed.Cell()}";
        report.Errors = ScenarioReport.ErrorList(again.Failures);
        report.Server = server;
        report.Field($"clients={n} resumed={again.Ready} replayed={replayed} {resumed.Fields("resume")}");
        report.Finish(context.Arguments.AppendTo);
        return again.Ready == n && replayed == n ? 0 : 1;
    }
}
