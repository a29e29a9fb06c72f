using System.Globalization;
using System.Text;

namespace Sentinela.Simulator.Generation;

/// <summary>
/// An injected outbreak: from <see cref="Start"/> (time since the run began) and for <see cref="Duration"/> or
/// until <see cref="Count"/> hemograms have come from the municipality, each hemogram from there is abnormal in
/// <see cref="Parameter"/>/<see cref="Direction"/> with probability <see cref="Intensity"/>, and the municipality
/// gets an extra <see cref="TrafficShare"/> of all traffic so the signal builds up within a demo minute.
/// Neither duration nor count means it lasts until the run ends.
/// </summary>
public sealed record OutbreakScenario
{
    public OutbreakScenario(HemogramParameter parameter, AbnormalDirection direction, int municipalityCode)
    {
        if (parameter == HemogramParameter.Eosinophils && direction == AbnormalDirection.Low)
            throw new ArgumentException("Eosinophils cannot be abnormally low: their reference range starts at zero.", nameof(direction));
        if (municipalityCode is < 100_000 or > 9_999_999)
            throw new ArgumentOutOfRangeException(nameof(municipalityCode), municipalityCode, "Expected a 7-digit (or 6-digit) IBGE municipality code.");
        Parameter = parameter;
        Direction = direction;
        MunicipalityCode = municipalityCode;
    }

    public HemogramParameter Parameter { get; }
    public AbnormalDirection Direction { get; }

    /// <summary>7-digit IBGE code (a 6-digit code without check digit is accepted and resolved by the generator).</summary>
    public int MunicipalityCode { get; }

    public TimeSpan Start
    {
        get;
        init => field = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(Start), value, "start must not be negative.");
    } = TimeSpan.Zero;

    public TimeSpan? Duration
    {
        get;
        init => field = value is null || value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(Duration), value, "duration must be positive.");
    }

    public int? Count
    {
        get;
        init => field = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(Count), value, "count must be positive.");
    }

    /// <summary>Probability that a hemogram from the municipality during the outbreak is abnormal.</summary>
    public double Intensity
    {
        get;
        init => field = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Intensity), value, "intensity must be between 0 and 1.");
    } = 0.7;

    /// <summary>Share of all traffic routed to the municipality while the outbreak lasts, on top of its usual share.</summary>
    public double TrafficShare
    {
        get;
        init => field = value is >= 0 and <= 0.9 ? value : throw new ArgumentOutOfRangeException(nameof(TrafficShare), value, "share must be between 0 and 0.9.");
    } = 0.4;

    public bool HasStartedAt(TimeSpan elapsed) => elapsed >= Start;

    /// <summary>Whether the outbreak is running, given the time since the run began and how many hemograms it has produced.</summary>
    public bool IsActiveAt(TimeSpan elapsed, long hemograms) =>
        elapsed >= Start && (Duration is not { } d || elapsed < Start + d) && (Count is not { } c || hemograms < c);

    /// <summary>
    /// Parses <c>parameter:direction:ibgeCode[:start=5s][:duration=2m][:count=60][:intensity=0.7][:share=0.4]</c>,
    /// e.g. <c>platelets:low:3118601:start=5s</c>.
    /// </summary>
    public static OutbreakScenario Parse(string spec)
    {
        var parts = spec.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length < 3)
            throw new FormatException($"Outbreak '{spec}': expected parameter:direction:ibgeCode[:start=5s][:duration=2m][:count=60][:intensity=0.7][:share=0.4].");
        if (!ParameterDefinition.TryFind(parts[0], out var definition))
            throw new FormatException($"Outbreak '{spec}': unknown parameter '{parts[0]}' (one of {string.Join(", ", ParameterDefinition.All.Select(d => d.Name))}).");
        if (!Enum.TryParse<AbnormalDirection>(parts[1], ignoreCase: true, out var direction) || int.TryParse(parts[1], out _))
            throw new FormatException($"Outbreak '{spec}': direction must be 'low' or 'high', not '{parts[1]}'.");
        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            throw new FormatException($"Outbreak '{spec}': '{parts[2]}' is not an IBGE municipality code.");

        try
        {
            var scenario = new OutbreakScenario(definition.Parameter, direction, code);
            foreach (var option in parts.Skip(3))
            {
                var (key, value) = option.Split('=', 2) is [var k, var v] ? (k.ToLowerInvariant(), v)
                    : throw new FormatException($"Outbreak '{spec}': option '{option}' must look like name=value.");
                scenario = key switch
                {
                    "start" => scenario with { Start = ParseDuration(spec, key, value) },
                    "duration" => scenario with { Duration = ParseDuration(spec, key, value) },
                    "count" => scenario with { Count = ParseNumber<int>(spec, key, value) },
                    "intensity" => scenario with { Intensity = ParseNumber<double>(spec, key, value) },
                    "share" => scenario with { TrafficShare = ParseNumber<double>(spec, key, value) },
                    _ => throw new FormatException($"Outbreak '{spec}': unknown option '{key}' (start, duration, count, intensity, share)."),
                };
            }
            return scenario;
        }
        catch (ArgumentException e)
        {
            // Keep the reason, not the "(Parameter 'x')" and "Actual value was" lines meant for developers.
            var reason = e.Message.Split('\n')[0];
            if (reason.IndexOf(" (Parameter '", StringComparison.Ordinal) is var cut and >= 0) reason = reason[..cut];
            throw new FormatException($"Outbreak '{spec}': {reason}", e);
        }
    }

    /// <summary>The same syntax <see cref="Parse"/> reads, with every option spelled out.</summary>
    public override string ToString()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"{ParameterDefinition.For(Parameter).Name}:{Direction.ToString().ToLowerInvariant()}:{MunicipalityCode}:start={Durations.Format(Start)}");
        if (Duration is { } d) text.Append(CultureInfo.InvariantCulture, $":duration={Durations.Format(d)}");
        if (Count is { } c) text.Append(CultureInfo.InvariantCulture, $":count={c}");
        text.Append(CultureInfo.InvariantCulture, $":intensity={Intensity}:share={TrafficShare}");
        return text.ToString();
    }

    static TimeSpan ParseDuration(string spec, string key, string value) =>
        Durations.TryParse(value, out var duration) ? duration
            : throw new FormatException($"Outbreak '{spec}': {key}={value} is not a duration (e.g. 30s, 5m, 1h).");

    static T ParseNumber<T>(string spec, string key, string value) where T : IParsable<T> =>
        T.TryParse(value, CultureInfo.InvariantCulture, out var number) ? number
            : throw new FormatException($"Outbreak '{spec}': {key}={value} is not a number.");
}
