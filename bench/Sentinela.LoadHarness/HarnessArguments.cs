using System.Globalization;

namespace Sentinela.LoadHarness;

/// <summary>The parsed command line: <c>--name value</c> or <c>--name=value</c>.</summary>
public sealed class HarnessArguments
{
    public const string Usage = """
        sentinela-load [SCENARIO] --server URL [options] — load on a running Sentinela server (it starts nothing itself;
        bench/ingest-benchmark.sh and bench/load-scenarios.sh start fresh servers and call it).

        Scenarios:
          ingest (default)  closed-loop HTTP ingest: every hemogram once, C requests in flight; hemograms/s and latency.
          steady            open-loop ingest at --rate hemograms/s for --duration s, with an outbreak (low platelets in
                            --municipality) injected at --inject-at s; ingest latency and time from the first outbreak
                            hemogram sent to the alert on a real-time client watching the municipality.
          fanout            --clients idle real-time clients watching the state, then one outbreak (a 40-hemogram batch
                            Bundle in --municipality, decided at once through POST /api/analysis/decisions): per client
                            the delay from the decision to receipt, server CPU per delivery (less the same outbreak's
                            cost with no client, measured first), resends, memory per idle connection; with --baseline,
                            the ratios to the bare SignalR run. Exits 1 when a client failed, 3 when p99 >= 1 s.
          bare-fanout       the floor: --clients plain SignalR clients of bench/Sentinela.BareSignalR (--server is its
                            root), one ~1 KB event sent with Clients.All, each client acking it; writes --result-file.
          idle              --clients connections held idle (--kind sentinela or bare): memory per connection.
          surge             --clients connected, then --count abnormal hemograms (default 10000) open-loop over --duration s
                            in --outbreak-municipalities municipalities: ingest latency/errors, alerts raised, fan-out delay.
          storm             --clients connected; all connections closed at once; an outbreak raised while they are away;
                            all reconnect at once resuming from their last sequence: time until each has replayed it.
          import            --count hemograms as one gzip NDJSON body to POST /fhir/$import, polled until done:
                            hemograms/s and server CPU; with --ndjson-out PATH only writes the file (for
                            sentinela-server import).
          watchers          (internal) clients in a child process, driven by the parent over standard input.

        Hemograms are pre-generated simulator Observations (Minas Gerais by default), each with a fresh identifier.

        Options:
          --server URL[,URL…]     server root(s), e.g. http://127.0.0.1:5090; HTTP goes to the first, real-time clients
                                  round-robin over all (required)
          --server-pid PID[,PID…] report the server processes' CPU and memory (Linux /proc)
          --backend LABEL         backend named in the report (default embedded)
          --append PATH           add the result as a dated row to this Markdown file (docs/BENCHMARKS.md)
          --municipalities PATH   IBGE CSV (default ../shared/data/municipios.csv beside the repository, else built-in)
          --state UF              state the traffic comes from, code or abbreviation (default 31 = MG)
          --timeout SECONDS       per request (default 60)
          --seed S                first seed (default random; printed)
         ingest:
          --count N               hemograms per run (default 20000; surge: 10000)
          --concurrency C[,C…]    requests in flight; several values run one scenario each (default 16)
          --bundle B              0 = one Observation per request; B > 0 = batch Bundles of B (default 0)
          --warmup N              hemograms sent first and not counted (default 1000)
          --prefer RETURN         send Prefer: return=RETURN (minimal | representation | OperationOutcome); default none
         import:
          --ndjson-out PATH       write the gzip NDJSON here instead of posting it (--server is then not needed)
         steady, surge:
          --rate R                hemograms/s (steady default 200; surge default count / duration)
          --duration SECONDS      (default 60)
          --inject-at SECONDS     steady: when the outbreak starts (default duration / 3)
          --outbreak-municipalities M   surge: how many municipalities the abnormal hemograms are spread over (default 10)
         real-time (steady, fanout, surge, storm):
          --clients N             real-time clients (default 1000; steady uses 1)
          --per-user N            clients per harness user (default 200; the server's ConnectionsPerUser must allow it)
          --connect-concurrency C clients connecting at once (default 64)
          --municipality IBGE     where the outbreak is injected (default 3118601, Contagem/MG)
          --wait SECONDS          how long to wait for deliveries (default 30)
          --processes P           run the clients in P child processes (default 1: in this one); each holds N / P
          --baseline PATH         fanout: the bare-fanout --result-file of the same N, for the ratios
          --result-file PATH      bare-fanout: where to write its figures (key=value lines)
          --kind sentinela|bare   idle: which server the clients connect to

        The laboratory API key is read from SENTINELA_API_KEY (sentinela-server create-lab); the administrator who
        creates the harness users from SENTINELA_ADMIN_CPF and SENTINELA_ADMIN_PASSWORD (sentinela-server create-admin).
        """;

    public static readonly string[] Scenarios = ["ingest", "steady", "fanout", "bare-fanout", "idle", "surge", "storm", "watchers", "import"];

    public string Scenario { get; private set; } = "ingest";
    public IReadOnlyList<Uri> Servers { get; private set; } = [];
    public Uri? Server => Servers.Count > 0 ? Servers[0] : null;
    public int? Count { get; private set; }
    public IReadOnlyList<int> Concurrency { get; private set; } = [16];
    public int Bundle { get; private set; }
    public int Warmup { get; private set; } = 1_000;
    public int? Seed { get; private set; }
    public string? Prefer { get; private set; }
    public string? MunicipalitiesPath { get; private set; }
    public string State { get; private set; } = "31";
    public IReadOnlyList<int> ServerPids { get; private set; } = [];
    public string Backend { get; private set; } = "embedded";
    public string? AppendTo { get; private set; }
    public double? Rate { get; private set; }
    public int Duration { get; private set; } = 60;
    public int? InjectAt { get; private set; }
    public int OutbreakMunicipalities { get; private set; } = 10;
    public int Clients { get; private set; } = 1000;
    public int PerUser { get; private set; } = 200;
    public int ConnectConcurrency { get; private set; } = 64;
    public int Municipality { get; private set; } = 3118601;
    public TimeSpan Wait { get; private set; } = TimeSpan.FromSeconds(30);
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(60);
    public bool Help { get; private set; }
    public int Processes { get; private set; } = 1;
    public string? Baseline { get; private set; }
    public string? ResultFile { get; private set; }
    public WatcherKind Kind { get; private set; } = WatcherKind.Sentinela;
    /// <summary>import: write the NDJSON to this file instead of posting it.</summary>
    public string? NdjsonOut { get; private set; }

    /// <summary>watchers: the first client's global index.</summary>
    public int Offset { get; private set; }

    /// <exception cref="FormatException">With a message fit for the user.</exception>
    public static HarnessArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new HarnessArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (i == 0 && Scenarios.Contains(arg))
            {
                parsed.Scenario = arg;
                continue;
            }
            if (arg is "-h" or "--help")
            {
                parsed.Help = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new FormatException($"Unexpected argument '{arg}'.");
            var (name, inline) = arg.IndexOf('=') is var eq and > 0 ? (arg[2..eq], arg[(eq + 1)..]) : (arg[2..], null);
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new FormatException($"--{name} needs a value."));

            switch (name)
            {
                case "server": parsed.Servers = [.. Value().Split(',').Select(ServerUrl)]; break;
                case "count": parsed.Count = Number(name, Value(), 1, 10_000_000); break;
                case "concurrency": parsed.Concurrency = [.. Value().Split(',').Select(c => Number(name, c, 1, 4096))]; break;
                case "bundle": parsed.Bundle = Number(name, Value(), 0, 10_000); break;
                case "warmup": parsed.Warmup = Number(name, Value(), 0, 10_000_000); break;
                case "seed": parsed.Seed = Number(name, Value(), int.MinValue, int.MaxValue); break;
                case "prefer":
                    var prefer = Value();
                    parsed.Prefer = prefer is "minimal" or "representation" or "OperationOutcome" ? prefer
                        : throw new FormatException("--prefer must be minimal, representation or OperationOutcome.");
                    break;
                case "municipalities": parsed.MunicipalitiesPath = Value(); break;
                case "state": parsed.State = Value(); break;
                case "server-pid": parsed.ServerPids = [.. Value().Split(',').Select(p => Number(name, p, 1, int.MaxValue))]; break;
                case "backend": parsed.Backend = Value(); break;
                case "append": parsed.AppendTo = Value(); break;
                case "rate": parsed.Rate = Number(name, Value(), 1, 1_000_000); break;
                case "duration": parsed.Duration = Number(name, Value(), 1, 3600); break;
                case "inject-at": parsed.InjectAt = Number(name, Value(), 0, 3600); break;
                case "outbreak-municipalities": parsed.OutbreakMunicipalities = Number(name, Value(), 1, 1000); break;
                case "clients": parsed.Clients = Number(name, Value(), 1, 1_000_000); break;
                case "per-user": parsed.PerUser = Number(name, Value(), 1, 1_000_000); break;
                case "connect-concurrency": parsed.ConnectConcurrency = Number(name, Value(), 1, 10_000); break;
                case "municipality": parsed.Municipality = Number(name, Value(), 1_000_000, 9_999_999); break;
                case "wait": parsed.Wait = TimeSpan.FromSeconds(Number(name, Value(), 1, 3600)); break;
                case "timeout": parsed.Timeout = TimeSpan.FromSeconds(Number(name, Value(), 1, 3600)); break;
                case "processes": parsed.Processes = Number(name, Value(), 1, 64); break;
                case "baseline": parsed.Baseline = Value(); break;
                case "result-file": parsed.ResultFile = Value(); break;
                case "ndjson-out": parsed.NdjsonOut = Value(); break;
                case "offset": parsed.Offset = Number(name, Value(), 0, 10_000_000); break;
                case "kind":
                    parsed.Kind = Value() switch
                    {
                        "sentinela" => WatcherKind.Sentinela,
                        "bare" => WatcherKind.Bare,
                        var other => throw new FormatException($"--kind '{other}' must be sentinela or bare."),
                    };
                    break;
                default: throw new FormatException($"Unknown option --{name}.");
            }
        }
        if (!parsed.Help && parsed.Server is null && parsed.NdjsonOut is null) throw new FormatException("--server is required.");
        return parsed;
    }

    static Uri ServerUrl(string text) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri : throw new FormatException($"--server '{text}' is not an http(s) URL.");

    static int Number(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new FormatException($"--{name} '{text}' must be a whole number from {min} to {max}.");
}
