using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>
/// <c>sentinela-server backtest</c>: the server's detection over an NDJSON(.gz) file of FHIR Observations, on data time,
/// before the web host exists (nothing listens, nothing is stored). See <see cref="Help"/>.
/// </summary>
public static partial class BacktestCommand
{
    // A file of nothing but bad lines should not bury the summary: past this many, refused lines are only counted.
    const int MaxRefusedReported = 1000;

    public const string Help = """
        sentinela-server backtest --input FILE --out FILE [--from TIME] [--to TIME] [--tick SPAN] [--set KEY=VALUE ...]

        Runs the server's outbreak detection over recorded hemograms on data time, without a server, database or network:
        each hemogram is observed at its collection time, in collection order, and the detection's timer ticks every SPAN
        of data time in between. Configuration is the server's (appsettings.json, environment variables), then --set.

          --input FILE     FHIR R4 Observations, one JSON per line, as posted to /fhir/Observation (gzip is detected).
                           A line that does not parse is reported on standard error with its line number and skipped;
                           a resubmission (same identifier) counts once, as the server stores it once.
          --out FILE       One JSON line per alert version ("-" for standard output): the alert as GET /api/alerts/{id}
                           returns it (raisedAt, updatedAt, resolvedAt in data time), plus "footprint": the IBGE codes of
                           the municipalities its area covers.
          --from TIME      Only hemograms collected at or after TIME (ISO 8601: 2025-03-01, 2025-03-01T06:00:00-03:00;
                           without an offset, UTC).
          --to TIME        Only hemograms collected before TIME; ticks run up to TIME (else up to the last hemogram).
          --tick SPAN      Data time between decisions: 30s, 15m, 1h, 1d or hh:mm:ss. Default: the configured
                           Sentinela:Analysis:Detection:ScanInterval (15 min as shipped). A decision fits the baseline
                           when the day changes, runs the detectors and the scan, and raises, updates or resolves
                           alerts, as the server's decision loop does; a longer tick runs faster, and can move a
                           decision later by up to one tick. A last decision runs at the end of the input.
          --set KEY=VALUE  Overrides a configuration key; repeatable. For example
                           --set Sentinela:Analysis:Detection:Alpha=0.01
                           --set Sentinela:Analysis:Detection:TemporalDetectors=Cusum,Ewma
                           --set Sentinela:Geography:MunicipalitiesFile=municipios.csv
          --help           This text.

        Ends with a summary on standard error. Exit code 0 when done, 2 for bad arguments, input or configuration.
        """;

    public static bool IsCommand(string[] args) => args is ["backtest", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await stdout.WriteLineAsync(Help);
            return 0;
        }
        if (!TryParse(args, out var request, out var outPath, out var problem))
        {
            await stderr.WriteLineAsync($"backtest: {problem}\nTry 'sentinela-server backtest --help'.");
            return 2;
        }
        if (!File.Exists(request.InputPath))
        {
            await stderr.WriteLineAsync($"backtest: no such input file '{request.InputPath}'.");
            return 2;
        }

        BacktestResult result;
        try
        {
            await using var output = outPath == "-" ? null : new StreamWriter(outPath, append: false, new UTF8Encoding(false), 1 << 16);
            result = await Backtest.RunAsync(request with { Output = output ?? stdout }, ct);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or FormatException or IOException or InvalidDataException)
        {
            // Bad configuration (a --set that does not bind or validate), an unreadable municipality file, input or output path.
            await stderr.WriteLineAsync($"backtest: {e.Message}");
            return 2;
        }

        var input = result.Input;
        foreach (var refused in input.Refused.Take(MaxRefusedReported))
            await stderr.WriteLineAsync($"line {refused.LineNumber}: {refused.Reason}");
        if (input.Refused.Count > MaxRefusedReported)
            await stderr.WriteLineAsync($"… and {input.Refused.Count - MaxRefusedReported} more refused lines.");
        var seconds = result.Elapsed.TotalSeconds;
        await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"backtest: {input.Records} hemograms read ({input.Refused.Count} refused, {input.Duplicates} duplicates), {result.Observed} observed, " +
            $"{result.Ticks} ticks; {result.Alerts} alerts, {result.Versions.Count} versions; {seconds:0.0} s (reading {result.Reading.TotalSeconds:0.0} s), " +
            $"{input.Records / Math.Max(seconds, 1e-3):0} hemograms/s"));
        return 0;
    }

    static bool TryParse(string[] args, out BacktestRequest request, out string outPath, out string problem)
    {
        request = new BacktestRequest();
        (outPath, problem) = ("", "");
        string? input = null, output = null;
        var settings = new List<KeyValuePair<string, string?>>();
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                problem = $"{name} needs a value.";
                return false;
            }
            var value = args[++i];
            switch (name)
            {
                case "--input": input = value; break;
                case "--out": output = value; break;
                case "--from" when TryParseTime(value, out var from): request = request with { From = from }; break;
                case "--to" when TryParseTime(value, out var to): request = request with { To = to }; break;
                case "--tick" when TryParseSpan(value, out var tick): request = request with { Tick = tick }; break;
                case "--set" when value.IndexOf('=') is > 0 and var eq:
                    settings.Add(new(value[..eq], value[(eq + 1)..]));
                    break;
                case "--from" or "--to" or "--tick" or "--set":
                    problem = $"{name} has an invalid value '{value}'.";
                    return false;
                default:
                    problem = $"unknown option '{name}'.";
                    return false;
            }
        }
        if (input is null || output is null)
        {
            problem = "--input and --out are required.";
            return false;
        }
        (request, outPath) = (request with { InputPath = input, Settings = settings }, output);
        return true;
    }

    static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    static bool TryParseSpan(string text, out TimeSpan span)
    {
        span = default;
        if (SpanPattern().Match(text) is { Success: true } m)
        {
            var amount = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            span = m.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out span)) return false;
        return span > TimeSpan.Zero;
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(s|m|h|d)$")]
    private static partial Regex SpanPattern();
}
