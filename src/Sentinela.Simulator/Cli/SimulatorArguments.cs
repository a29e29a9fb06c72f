using System.Globalization;
using System.Numerics;
using Sentinela.Simulator.Generation;

namespace Sentinela.Simulator.Cli;

/// <summary>The parsed command line. Options are <c>--name value</c> or <c>--name=value</c>; <c>--outbreak</c> may repeat.</summary>
sealed class SimulatorArguments
{
    public bool Help { get; private set; }
    public Uri Server { get; private set; } = new("http://127.0.0.1:5080/");
    public double Rate { get; private set; } = 20;
    public TimeSpan? Duration { get; private set; }
    public long? Count { get; private set; }
    public int? Seed { get; private set; }
    public int Concurrency { get; private set; } = 8;
    public int Bundle { get; private set; }
    public string? MunicipalitiesPath { get; private set; }
    public string State { get; private set; } = "31";
    public int Labs { get; private set; } = 6;
    public List<OutbreakScenario> Outbreaks { get; } = [];

    /// <summary>
    /// The laboratory API key hemograms are sent with: <c>--api-key</c>, else the <c>SENTINELA_API_KEY</c> environment
    /// variable (keeps it out of the process list).
    /// </summary>
    public string? ApiKey { get; private set; }

    /// <summary>A health manager's access token to list the alerts at the end: <c>--token</c>, else <c>SENTINELA_TOKEN</c>.</summary>
    public string? Token { get; private set; }

    /// <exception cref="FormatException">With a message fit for the user.</exception>
    public static SimulatorArguments Parse(IReadOnlyList<string> args, string? environmentToken = null, string? environmentApiKey = null)
    {
        var parsed = new SimulatorArguments
        {
            Token = string.IsNullOrWhiteSpace(environmentToken) ? null : environmentToken,
            ApiKey = string.IsNullOrWhiteSpace(environmentApiKey) ? null : environmentApiKey,
        };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                parsed.Help = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new FormatException($"Unexpected argument '{arg}'.");

            var (name, inlineValue) = arg.IndexOf('=') is var eq and > 0 ? (arg[2..eq], arg[(eq + 1)..]) : (arg[2..], null);
            string Value() => inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new FormatException($"--{name} needs a value."));

            switch (name.ToLowerInvariant())
            {
                case "server": parsed.Server = ParseServer(Value()); break;
                case "rate": parsed.Rate = Number<double>(name, Value(), min: 0, max: 1_000_000); break;
                case "duration": parsed.Duration = ParseDuration(name, Value()); break;
                case "count": parsed.Count = Number<long>(name, Value(), min: 1, max: long.MaxValue); break;
                case "seed": parsed.Seed = Number<int>(name, Value(), min: int.MinValue, max: int.MaxValue); break;
                case "concurrency": parsed.Concurrency = Number<int>(name, Value(), min: 1, max: 1024); break;
                case "bundle": parsed.Bundle = Number<int>(name, Value(), min: 0, max: 1000); break;
                case "municipalities": parsed.MunicipalitiesPath = Value(); break;
                case "state": parsed.State = Value(); break;
                case "labs": parsed.Labs = Number<int>(name, Value(), min: 1, max: 100); break;
                case "outbreak": parsed.Outbreaks.Add(OutbreakScenario.Parse(Value())); break;
                case "token": parsed.Token = Value(); break;
                case "api-key": parsed.ApiKey = Value(); break;
                default: throw new FormatException($"Unknown option --{name}.");
            }
        }
        return parsed;
    }

    static Uri ParseServer(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new FormatException($"--server '{text}' is not an http(s) URL.");
        // Relative request paths resolve under the base address only if it ends with '/'.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }

    static TimeSpan ParseDuration(string name, string text) =>
        Durations.TryParse(text, out var duration) && duration > TimeSpan.Zero ? duration
            : throw new FormatException($"--{name} '{text}' is not a positive duration (e.g. 90, 30s, 5m, 1h).");

    static T Number<T>(string name, string text, T min, T max) where T : INumber<T> =>
        T.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
            ? value
            : throw new FormatException($"--{name} '{text}' must be a number from {min} to {max}.");
}
