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
            (municipalities, origin) = Municipalities(arguments.MunicipalitiesPath, arguments.State);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            Console.Error.WriteLine($"sentinela-load: {e.Message}");
            return 2;
        }

        var seed = arguments.Seed ?? Random.Shared.Next();
        Console.WriteLine($"Server {arguments.Server}; {municipalities.Count} municipalities ({origin}); seed {seed}; "
            + $"{(arguments.Bundle > 0 ? $"batch Bundles of {arguments.Bundle}" : "single Observations")}; Prefer: {arguments.Prefer ?? "(none)"}");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = arguments.Concurrency.Max(),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = arguments.Server,
            Timeout = arguments.Timeout,
        };
        // The laboratory API key comes from the environment, out of the process list.
        if (Environment.GetEnvironmentVariable("SENTINELA_API_KEY") is { Length: > 0 } apiKey) http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

        // Warm-up: JIT, connection pool, the server's first collective-analysis initialisation. Its own seed, not counted.
        if (arguments.Warmup > 0)
        {
            var warm = await new IngestRun(http, Payloads.Generate(municipalities, unchecked(seed - 1), arguments.Warmup, arguments.Bundle),
                arguments.Concurrency.Max(), arguments.Prefer).RunAsync(CancellationToken.None);
            Console.WriteLine($"Warm-up: {warm.Created:N0} stored, {warm.Duplicates:N0} already stored, {warm.Failed:N0} failed in {warm.Elapsed.TotalSeconds:0.0} s");
            if (warm.Created == 0)
            {
                Console.Error.WriteLine("sentinela-load: nothing was stored during the warm-up; is the server up?");
                foreach (var sample in warm.ErrorSamples) Console.Error.WriteLine("  " + sample);
                return 1;
            }
        }

        var failed = false;
        for (var k = 0; k < arguments.Concurrency.Count; k++)
        {
            var payloads = Payloads.Generate(municipalities, unchecked(seed + k), arguments.Count, arguments.Bundle);
            Console.WriteLine($"Scenario {k + 1}: seed {unchecked(seed + k)}, {payloads.Bodies.Count:N0} bodies, {payloads.Bytes / 1024.0 / 1024.0:0.0} MiB");
            var serverBefore = ServerCpu.Of(arguments.ServerPid);
            var result = await new IngestRun(http, payloads, arguments.Concurrency[k], arguments.Prefer).RunAsync(CancellationToken.None);
            var serverAfter = ServerCpu.Of(arguments.ServerPid);
            Console.WriteLine(result.Report(serverAfter - serverBefore));
            failed |= result.Failed > 0;
        }
        return failed ? 1 : 0;
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
