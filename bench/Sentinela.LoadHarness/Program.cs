using Sentinela.Geography;

namespace Sentinela.LoadHarness;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        HarnessArguments arguments;
        IReadOnlyList<Municipality> municipalities;
        string origin;
        try
        {
            arguments = HarnessArguments.Parse(args);
            if (arguments.Help)
            {
                Console.WriteLine(HarnessArguments.Usage);
                return 0;
            }
            if (arguments.Scenario == "watchers") return await WatcherProcess.RunAsync(arguments);
            (municipalities, origin) = Municipalities(arguments.MunicipalitiesPath, arguments.State);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            Console.Error.WriteLine($"sentinela-load: {e.Message}");
            return 2;
        }

        var seed = arguments.Seed ?? Random.Shared.Next();
        Console.WriteLine($"{arguments.Scenario}: server {string.Join(", ", arguments.Servers)}; {municipalities.Count} municipalities ({origin}); seed {seed}"
            + (arguments.Scenario == "ingest"
                ? $"; {(arguments.Bundle > 0 ? $"batch Bundles of {arguments.Bundle}" : "single Observations")}; Prefer: {arguments.Prefer ?? "(none)"}" : ""));

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = arguments.Scenario == "ingest" ? arguments.Concurrency.Max() : ScenarioContext.OpenLoopConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = arguments.Server,
            Timeout = arguments.Timeout,
        };
        // The laboratory API key comes from the environment, out of the process list.
        if (Environment.GetEnvironmentVariable("SENTINELA_API_KEY") is { Length: > 0 } apiKey) http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

        var context = new ScenarioContext(arguments, municipalities, http, seed);
        try
        {
            return arguments.Scenario switch
            {
                "steady" => await SteadyIngestScenario.RunAsync(context),
                "fanout" => await FanOutScenario.RunAsync(context),
                "bare-fanout" => await BareFanOutScenario.RunAsync(context),
                "idle" => await IdleScenario.RunAsync(context),
                "surge" => await SurgeScenario.RunAsync(context),
                "storm" => await ReconnectStormScenario.RunAsync(context),
                "import" => await ImportScenario.RunAsync(context),
                _ => await IngestScenario.RunAsync(context),
            };
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            Console.Error.WriteLine($"sentinela-load: {e.Message}");
            return 1;
        }
    }

    static (IReadOnlyList<Municipality>, string) Municipalities(string? path, string state)
    {
        path ??= DefaultMunicipalitiesFile();
        var table = path is null ? MunicipalityTable.BuiltIn() : MunicipalityTable.Load(path);
        if (!BrazilianState.TryFind(state, out var uf)) throw new FormatException($"--state '{state}' is not a state code or UF.");
        var inState = table.InState(uf.Code).ToArray();
        return inState.Length > 0
            ? (inState, $"{uf.Abbreviation} from {path ?? "the built-in list"}")
            : (table.All, $"all of {path ?? "the built-in list"}; none in {uf.Abbreviation}");
    }

    static string? DefaultMunicipalitiesFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sentinela.slnx")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "municipios.csv")) is var p && File.Exists(p) ? p : null;
        return null;
    }
}
