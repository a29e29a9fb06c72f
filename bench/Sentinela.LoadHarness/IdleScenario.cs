using System.Diagnostics;
using System.Globalization;

namespace Sentinela.LoadHarness;

/// <summary>
/// --clients connections held idle (Sentinela's SDK watching the state, or --kind bare plain SignalR clients), spread
/// over --processes: how many the server holds, and its resident memory per connection (RSS with them connected less
/// RSS before, divided by the connections), after they have sat for --duration seconds; and how long they took to
/// connect, --connect-concurrency at a time (with --kind bare: the floor of a reconnect storm of the same size).
/// </summary>
public static class IdleScenario
{
    public static async Task<int> RunAsync(ScenarioContext context)
    {
        var n = context.Arguments.Clients;
        var kind = context.Arguments.Kind;
        await using var users = kind == WatcherKind.Sentinela ? await context.UsersForAsync(n) : null;
        var before = context.StartUsage().Read();
        var connecting = Stopwatch.GetTimestamp();
        await using var pool = await context.ConnectPoolAsync(kind, n, users);
        var connected = Stopwatch.GetElapsedTime(connecting).TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(context.Arguments.Duration));
        var held = context.StartUsage().Read();
        var perConnectionKiB = before is null || held is null || pool.Ready == 0 ? double.NaN : (held.RssMiB - before.RssMiB) * 1024 / pool.Ready;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {pool.Ready:N0} connections held {context.Arguments.Duration} s: RSS {before?.RssMiB:0} → {held?.RssMiB:0} MiB, {perConnectionKiB:0.0} KiB per connection"));

        var report = context.Report();
        report.Size = $"{ScenarioReport.Count(n)} idle clients ({kind.ToString().ToLowerInvariant()}), {context.Arguments.ConnectConcurrency} connecting at once, "
            + $"{context.Arguments.Processes} client process(es)";
        report.Throughput = $"{ScenarioReport.Count(pool.Ready)}/{ScenarioReport.Count(n)} connected in {ScenarioReport.Seconds(connected)}";
        report.Latency = "–";
        report.Errors = ScenarioReport.ErrorList(pool.Failures);
        report.Server = held;
        report.Notes = string.Create(CultureInfo.InvariantCulture, $"{perConnectionKiB:0.0} KiB RSS per connection ({before?.RssMiB:0} → {held?.RssMiB:0} MiB)");
        report.Field(string.Create(CultureInfo.InvariantCulture, $"clients={n} ready={pool.Ready} connect_s={connected:0.0} kib_per_connection={perConnectionKiB:0.0}"));
        report.Finish(context.Arguments.AppendTo);
        return pool.Ready == n ? 0 : 1;
    }
}
