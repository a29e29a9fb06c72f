using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Sentinela.Client;
using Sentinela.Simulator.Generation;

namespace Sentinela.LoadHarness;

/// <summary>
/// (a) Steady ingest at a target rate, open-loop, with an outbreak injected partway: the simulator's low-platelet
/// outbreak in one municipality from --inject-at on. One real-time client watches that municipality; the report gives
/// ingest latency and the time from the first outbreak hemogram leaving the harness to the alert reaching the client.
/// </summary>
public static class SteadyIngestScenario
{
    public static async Task<int> RunAsync(ScenarioContext context)
    {
        var arguments = context.Arguments;
        var rate = arguments.Rate ?? 200;
        var injectAt = arguments.InjectAt ?? arguments.Duration / 3;
        var place = context.OutbreakMunicipality;
        var outbreak = new OutbreakScenario(Simulator.Generation.HemogramParameter.Platelets, AbnormalDirection.Low, place.IbgeCode)
        {
            Start = TimeSpan.FromSeconds(injectAt),
        };
        var payloads = Payloads.Scheduled(context.Municipalities, context.Seed, (int)(rate * arguments.Duration), rate, [outbreak]);
        Console.WriteLine($"{payloads.Hemograms:N0} hemograms at {rate:N0}/s; outbreak {outbreak} from body {payloads.FirstOutbreakBody}");

        await context.WarmUpAsync();
        await using var users = await context.UsersForAsync(1);
        var alerts = new ConcurrentQueue<(long At, AlertEvent Event)>();
        await using var client = new SentinelaAlertClient(new SentinelaClientOptions
        {
            ServerUrl = context.Server,
            AccessTokenProvider = users.Sessions[0].GetAccessTokenAsync,
            Transports = HttpTransportType.WebSockets,
        });
        client.AlertReceived += e => alerts.Enqueue((Stopwatch.GetTimestamp(), e));
        await client.ConnectAsync();
        await client.SubscribeAsync(WatchArea.ForMunicipality(place.IbgeCode));

        var usage = context.StartUsage();
        var run = new IngestRun(context.Http, payloads, ScenarioContext.OpenLoopConnections, prefer: null, bodiesPerSecond: rate);
        var result = await run.RunAsync(CancellationToken.None);
        var server = usage.Read();
        var injected = payloads.FirstOutbreakBody is { } first ? run.SentAt(first) : 0;
        (long At, AlertEvent Event)? alert = null;
        for (var waited = Stopwatch.StartNew(); alert is null && waited.Elapsed < arguments.Wait; await Task.Delay(100))
            alert = alerts.Where(a => injected != 0 && a.At >= injected && a.Event.Alert.Parameter == Client.HemogramParameter.Platelets)
                .Cast<(long, AlertEvent)?>().FirstOrDefault();
        var falseAlarms = alerts.Count(a => a.At < injected);

        var ingest = LatencySummary.Of(result.SortedLatencies);
        var toAlert = alert is { } hit ? ScenarioContext.MillisecondsBetween(injected, hit.At) / 1000 : double.NaN;
        Console.WriteLine(result.Report(server?.Cpu));
        Console.WriteLine(alert is { } a2
            ? $"  outbreak alert ({a2.Event.Alert.Detector}, {a2.Event.Alert.Area.MunicipalityName ?? a2.Event.Alert.Area.Kind.ToString()}) {toAlert:0.00} s after the first outbreak hemogram was sent"
            : $"  no outbreak alert within {arguments.Wait.TotalSeconds:0} s after the run");
        Console.WriteLine($"  {server}; alerts before the injection: {falseAlarms}");

        var report = context.Report();
        report.Size = $"{rate:N0}/s × {arguments.Duration} s, outbreak at {injectAt} s";
        report.Throughput = $"{result.StoredPerSecond:N0} hemograms/s stored";
        report.Latency = $"ingest {ingest.Cell()}; alert {(double.IsNaN(toAlert) ? "none" : ScenarioReport.Seconds(toAlert))} after injection";
        report.Errors = ScenarioReport.ErrorList(result.Errors);
        report.Server = server;
        report.Field($"rate={rate} stored={result.Created} failed={result.Failed} {ingest.Fields("ingest")} injection_to_alert_s={toAlert:0.000}");
        report.Finish(arguments.AppendTo);
        return result.Failed > 0 || alert is null ? 1 : 0;
    }
}
