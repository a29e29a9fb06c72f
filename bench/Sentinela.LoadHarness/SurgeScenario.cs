using Sentinela.Simulator.Generation;

namespace Sentinela.LoadHarness;

/// <summary>
/// (c) Surge: --count abnormal hemograms (low platelets, every one) open-loop over --duration seconds, spread over
/// --outbreak-municipalities municipalities, while --clients clients watch the state. Ingest latency and errors, the
/// alert versions raised, and the delay of every delivery from the server's decision to the client.
/// </summary>
public static class SurgeScenario
{
    static readonly TimeSpan Settled = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(ScenarioContext context)
    {
        var arguments = context.Arguments;
        var n = arguments.Clients;
        var count = arguments.Count ?? 10_000;
        var rate = arguments.Rate ?? (double)count / arguments.Duration;
        var places = context.Municipalities.Where(m => m != context.OutbreakMunicipality).Take(arguments.OutbreakMunicipalities - 1)
            .Prepend(context.OutbreakMunicipality).ToArray();
        // Intensity 1 everywhere: every hemogram is abnormal; no extra share, so the places keep their usual mix.
        var outbreaks = places.Select(m =>
            new OutbreakScenario(Simulator.Generation.HemogramParameter.Platelets, AbnormalDirection.Low, m.IbgeCode) { Intensity = 1, TrafficShare = 0 });
        var payloads = Payloads.Scheduled(places, context.Seed, count, rate, outbreaks);

        await context.WarmUpAsync();
        await using var users = await context.UsersForAsync(n);
        await using var watchers = await context.ConnectAsync(users, n, context.StateArea);
        watchers.Mark();
        var usage = context.StartUsage();
        var result = await new IngestRun(context.Http, payloads, ScenarioContext.OpenLoopConnections, prefer: null, bodiesPerSecond: rate).RunAsync(CancellationToken.None);
        // Deliveries still under way when the last POST is answered: wait until they stop coming.
        var delivered = -1;
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); waited.Elapsed < arguments.Wait && watchers.LiveEventsReceived != delivered;)
        {
            delivered = watchers.LiveEventsReceived;
            await Task.Delay(Settled);
        }
        var server = usage.Read();

        var ingest = LatencySummary.Of(result.SortedLatencies);
        var fanOut = LatencySummary.Of(watchers.LiveLagsMs);
        long expected = (long)watchers.VersionsSeen * watchers.Ready;
        Console.WriteLine(result.Report(server?.Cpu));
        Console.WriteLine($"  {watchers.VersionsSeen} alert versions reached clients; {delivered:N0} deliveries of {expected:N0} "
            + $"(versions × {watchers.Ready:N0} ready clients); decided → client: {fanOut}");
        Console.WriteLine($"  {server}");

        var report = context.Report();
        report.Size = $"{ScenarioReport.Count(count)} abnormal in {arguments.Duration} s, {ScenarioReport.Count(n)} clients";
        report.Throughput = $"{result.StoredPerSecond:N0} hemograms/s stored; {watchers.VersionsSeen} alert versions, {ScenarioReport.Count(delivered)}/{ScenarioReport.Count(expected)} delivered";
        report.Latency = $"ingest {ingest.Cell()}; decided → client {fanOut.Cell()}";
        report.Errors = ScenarioReport.ErrorList(result.Errors.Concat(watchers.Failures).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)));
        report.Server = server;
        report.Field($"clients={n} ready={watchers.Ready} hemograms={count} stored={result.Created} failed={result.Failed} {ingest.Fields("ingest")} "
            + $"alert_versions={watchers.VersionsSeen} deliveries={delivered} expected={expected} {fanOut.Fields("decided_to_client")}");
        report.Finish(arguments.AppendTo);
        return result.Failed > 0 || delivered < expected ? 1 : 0;
    }
}
