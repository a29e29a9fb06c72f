using System.Globalization;

namespace Sentinela.LoadHarness;

/// <summary>The parsed command line: <c>--name value</c> or <c>--name=value</c>.</summary>
public sealed class HarnessArguments
{
    public const string Usage = """
        sentinela-load — HTTP ingest throughput of a running Sentinela server (it starts nothing itself).

        Posts pre-generated, pre-serialised simulator hemograms (Minas Gerais by default) to POST /fhir/Observation,
        or as batch Bundles to POST /fhir, and reports hemograms/s end to end, request latency percentiles and errors.
        Every hemogram has a fresh identifier: the generator's identifiers follow the seed, and the seed is random unless
        given; each scenario and the warm-up use their own seed. Rerunning a seed against the same database gives 200s
        (already stored) instead of 201s; the report counts them apart.

        Options:
          --server URL            the server root, e.g. http://127.0.0.1:5090 (required)
          --count N               hemograms per scenario (default 20000)
          --concurrency C[,C…]    requests in flight; several values run one scenario each (default 16)
          --bundle B              0 = one Observation per request; B > 0 = batch Bundles of B (default 0)
          --warmup N              hemograms sent first and not counted (default 1000)
          --seed S                first seed (default random; printed)
          --prefer RETURN         send Prefer: return=RETURN (minimal | representation | OperationOutcome); default none
          --municipalities PATH   IBGE CSV (default ../shared/data/municipios.csv beside the repository, else built-in)
          --state UF              state the traffic comes from, code or abbreviation (default 31 = MG)
          --server-pid PID        also report the server process's CPU time (Linux /proc)
          --timeout SECONDS       per request (default 60)

        The laboratory API key is read from the SENTINELA_API_KEY environment variable (sentinela-server create-lab).
        """;

    public Uri? Server { get; private set; }
    public int Count { get; private set; } = 20_000;
    public IReadOnlyList<int> Concurrency { get; private set; } = [16];
    public int Bundle { get; private set; }
    public int Warmup { get; private set; } = 1_000;
    public int? Seed { get; private set; }
    public string? Prefer { get; private set; }
    public string? MunicipalitiesPath { get; private set; }
    public string State { get; private set; } = "31";
    public int? ServerPid { get; private set; }
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(60);
    public bool Help { get; private set; }

    /// <exception cref="FormatException">With a message fit for the user.</exception>
    public static HarnessArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new HarnessArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
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
                case "server":
                    var text = Value();
                    parsed.Server = Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                        ? uri : throw new FormatException($"--server '{text}' is not an http(s) URL.");
                    break;
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
                case "server-pid": parsed.ServerPid = Number(name, Value(), 1, int.MaxValue); break;
                case "timeout": parsed.Timeout = TimeSpan.FromSeconds(Number(name, Value(), 1, 3600)); break;
                default: throw new FormatException($"Unknown option --{name}.");
            }
        }
        if (!parsed.Help && parsed.Server is null) throw new FormatException("--server is required.");
        return parsed;
    }

    static int Number(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new FormatException($"--{name} '{text}' must be a whole number from {min} to {max}.");
}
