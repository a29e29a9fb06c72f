using System.Net.Http.Headers;
using Sentinela.Simulator.Alerts;
using Sentinela.Simulator.Cli;
using Sentinela.Simulator.Generation;
using Sentinela.Simulator.Traffic;

const int Unreachable = 1, BadArguments = 2;

SimulatorArguments arguments;
string municipalities;
HemogramGenerator generator;
int seed;
try
{
    arguments = SimulatorArguments.Parse(args, Environment.GetEnvironmentVariable("SENTINELA_TOKEN"), Environment.GetEnvironmentVariable("SENTINELA_API_KEY"));
    if (arguments.Help)
    {
        Console.WriteLine(HelpText.Usage);
        return 0;
    }
    var (selected, description) = MunicipalitySource.Resolve(arguments.MunicipalitiesPath, arguments.State, arguments.Outbreaks);
    municipalities = description;
    seed = arguments.Seed ?? Random.Shared.Next();
    generator = new HemogramGenerator(selected, seed, arguments.Outbreaks, arguments.Labs);
}
catch (Exception e) when (e is FormatException or ArgumentException)
{
    Console.Error.WriteLine($"sentinela-simulator: {e.Message}");
    Console.Error.WriteLine("Try 'sentinela-simulator --help'.");
    return BadArguments;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (stop.IsCancellationRequested) return; // a second Ctrl+C ends the process at once
    e.Cancel = true;
    Console.Error.WriteLine("Stopping: finishing requests in flight (Ctrl+C again to abort)…");
    stop.Cancel();
};

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = arguments.Concurrency })
{
    BaseAddress = arguments.Server,
    Timeout = TimeSpan.FromSeconds(30),
};
if (arguments.ApiKey is { } key) http.DefaultRequestHeaders.Add("X-Api-Key", key);

var options = new TrafficOptions
{
    Rate = arguments.Rate,
    Duration = arguments.Duration,
    Count = arguments.Count,
    Concurrency = arguments.Concurrency,
    BundleSize = arguments.Bundle,
};
var report = new ConsoleReport(Console.Out, generator);
report.Plan(arguments, seed, municipalities, options);

if (await ServerProbe.ProblemReachingAsync(http, "health/live", TimeSpan.FromSeconds(10), stop.Token) is { } problem)
{
    Console.Error.WriteLine($"sentinela-simulator: cannot reach {arguments.Server}: {problem}");
    return Unreachable;
}

var total = await new TrafficRunner(http, generator, options).RunAsync(report.Progress, stop.Token);
report.Totals(total);
if (total.Sent > 0 && !total.ReachedServer)
{
    Console.Error.WriteLine($"sentinela-simulator: the server at {arguments.Server} never answered.");
    return Unreachable;
}

// Listed even after Ctrl+C: the alerts are what a demo ends on. Laboratories may not read alerts, so this needs a manager's token.
if (arguments.Token is not { } token)
{
    Console.WriteLine("(pass a health manager's --token to list the alerts here)");
    return 0;
}
using var reader = new HttpClient { BaseAddress = arguments.Server };
reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
using var alertsDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
try
{
    report.Alerts(await AlertListing.FetchAsync(reader, alertsDeadline.Token));
}
catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
{
    Console.Error.WriteLine($"sentinela-simulator: could not list alerts: {e.Message}");
}
return 0;
