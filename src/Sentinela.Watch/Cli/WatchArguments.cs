using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Sentinela.Client;

namespace Sentinela.Watch.Cli;

/// <summary>The parsed command line. Options are <c>--name value</c> or <c>--name=value</c>; area options may repeat.</summary>
sealed class WatchArguments
{
    public bool Help { get; private set; }
    public Uri Server { get; private set; } = new("http://127.0.0.1:5080/");
    public List<WatchArea> Areas { get; } = [];
    public IReadOnlyList<string>? EventTypes { get; private set; }
    public HubProtocol Protocol { get; private set; } = HubProtocol.Json;
    public HttpTransportType? Transports { get; private set; }
    /// <summary>Log in as this user; the password comes from SENTINELA_PASSWORD or is asked for.</summary>
    public string? Cpf { get; private set; }
    public long FromSequence { get; private set; }

    /// <summary>From <c>--token</c>, else the <c>SENTINELA_TOKEN</c> environment variable (keeps it out of the process list).</summary>
    public string? Token { get; private set; }

    /// <exception cref="FormatException">With a message fit for the user.</exception>
    public static WatchArguments Parse(IReadOnlyList<string> args, string? environmentToken = null)
    {
        var parsed = new WatchArguments { Token = string.IsNullOrWhiteSpace(environmentToken) ? null : environmentToken };
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
                case "area": parsed.Areas.Add(ParseCircle(Value())); break;
                case "municipality": parsed.Areas.Add(ParseMunicipality(Value())); break;
                case "state": parsed.Areas.Add(ParseState(Value())); break;
                case "events": parsed.EventTypes = ParseEvents(Value()); break;
                case "protocol": parsed.Protocol = ParseProtocol(Value()); break;
                case "transport": parsed.Transports = ParseTransports(Value()); break;
                case "token": parsed.Token = Value(); break;
                case "cpf": parsed.Cpf = Value(); break;
                case "from": parsed.FromSequence = ParseSequence(Value()); break;
                default: throw new FormatException($"Unknown option --{name}.");
            }
        }
        if (!parsed.Help && parsed.Cpf is null && parsed.Token is null)
            throw new FormatException("Say who you are: --cpf CPF (password from SENTINELA_PASSWORD or asked) or --token.");
        if (!parsed.Help && parsed.Areas.Count == 0)
            throw new FormatException("Say what to watch: --area LAT,LON,KM, --municipality IBGE or --state UF.");
        for (var i = 0; i < parsed.Areas.Count; i++) parsed.Areas[i] = parsed.Areas[i] with { EventTypes = parsed.EventTypes };
        return parsed;
    }

    static Uri ParseServer(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new FormatException($"--server '{text}' is not an http(s) URL.");
        return uri;
    }

    static WatchArea ParseCircle(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !TryNumber(parts[0], out var lat) || !TryNumber(parts[1], out var lon) || !TryNumber(parts[2], out var km))
            throw new FormatException($"--area '{text}' must be LATITUDE,LONGITUDE,RADIUS_KM with decimal points, e.g. -19.93,-44.05,50.");
        return Checked(WatchArea.ForCircle(lat, lon, km), "area", text);
    }

    static WatchArea ParseMunicipality(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? Checked(WatchArea.ForMunicipality(code), "municipality", text)
            : throw new FormatException($"--municipality '{text}' must be a 7-digit IBGE code, e.g. 3118601.");

    static WatchArea ParseState(string text) => Checked(WatchArea.ForState(text), "state", text);

    static WatchArea Checked(WatchArea area, string option, string text)
    {
        try
        {
            area.Validate();
            return area;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"--{option} '{text}': {e.Message}");
        }
    }

    static IReadOnlyList<string> ParseEvents(string text)
    {
        var types = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.ToLowerInvariant()).Distinct().ToArray();
        if (types.Length == 0 || types.Any(t => !AlertEventTypes.All.Contains(t)))
            throw new FormatException($"--events '{text}' must list some of {string.Join(",", AlertEventTypes.All)}.");
        return types;
    }

    static HubProtocol ParseProtocol(string text) => text.ToLowerInvariant() switch
    {
        "json" => HubProtocol.Json,
        "messagepack" or "msgpack" => HubProtocol.MessagePack,
        _ => throw new FormatException($"--protocol '{text}' must be json or messagepack."),
    };

    static HttpTransportType ParseTransports(string text)
    {
        var transports = HttpTransportType.None;
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            transports |= name.ToLowerInvariant() switch
            {
                "websockets" or "ws" => HttpTransportType.WebSockets,
                "sse" or "serversentevents" => HttpTransportType.ServerSentEvents,
                "longpolling" or "long-polling" => HttpTransportType.LongPolling,
                _ => throw new FormatException($"--transport '{name}' must be websockets, sse or longpolling."),
            };
        }
        return transports == HttpTransportType.None
            ? throw new FormatException("--transport needs at least one of websockets, sse, longpolling.")
            : transports;
    }

    static long ParseSequence(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new FormatException($"--from '{text}' must be a sequence number (0 or more).");

    static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
