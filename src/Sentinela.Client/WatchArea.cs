namespace Sentinela.Client;

/// <summary>
/// What to watch: a circle (<see cref="Latitude"/>, <see cref="Longitude"/>, <see cref="RadiusKm"/>), an IBGE municipality
/// (<see cref="MunicipalityCode"/>) or a state (<see cref="State"/>, a UF such as "MG"): exactly one of them. Optionally
/// only some <see cref="EventTypes"/> (null = all). <see cref="Id"/> is assigned by the server on subscribe.
/// </summary>
public sealed record WatchArea
{
    public string? Id { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public double? RadiusKm { get; init; }
    public int? MunicipalityCode { get; init; }
    public string? State { get; init; }
    public IReadOnlyList<string>? EventTypes { get; init; }

    public static WatchArea ForCircle(double latitude, double longitude, double radiusKm, IReadOnlyList<string>? eventTypes = null) =>
        new() { Latitude = latitude, Longitude = longitude, RadiusKm = radiusKm, EventTypes = eventTypes };

    /// <param name="code">7-digit IBGE code, e.g. 3118601 (Contagem/MG).</param>
    /// <param name="eventTypes">Null for all; else some of <see cref="AlertEventTypes"/>.</param>
    public static WatchArea ForMunicipality(int code, IReadOnlyList<string>? eventTypes = null) =>
        new() { MunicipalityCode = code, EventTypes = eventTypes };

    /// <param name="uf">Two-letter state abbreviation, e.g. "MG".</param>
    /// <param name="eventTypes">Null for all; else some of <see cref="AlertEventTypes"/>.</param>
    public static WatchArea ForState(string uf, IReadOnlyList<string>? eventTypes = null) =>
        new() { State = uf.Trim().ToUpperInvariant(), EventTypes = eventTypes };

    /// <summary>
    /// Checks the shape the hub accepts, so a mistake fails at the call site rather than as a hub error. The server still
    /// decides (for instance whether the UF or the IBGE code exists).
    /// </summary>
    /// <exception cref="ArgumentException">With a message naming the problem.</exception>
    public void Validate()
    {
        var circle = Latitude is not null || Longitude is not null || RadiusKm is not null;
        var kinds = (circle ? 1 : 0) + (MunicipalityCode is not null ? 1 : 0) + (State is not null ? 1 : 0);
        if (kinds != 1)
            throw new ArgumentException("A watch area needs exactly one of: Latitude+Longitude+RadiusKm, MunicipalityCode or State.");
        if (circle)
        {
            if (Latitude is not { } lat || Longitude is not { } lon || RadiusKm is not { } radius)
                throw new ArgumentException("A circle needs Latitude, Longitude and RadiusKm.");
            if (!double.IsFinite(lat) || lat is < -90 or > 90 || !double.IsFinite(lon) || lon is < -180 or > 180)
                throw new ArgumentException($"({lat}, {lon}) is not a WGS84 coordinate.");
            if (!double.IsFinite(radius) || radius <= 0)
                throw new ArgumentException($"RadiusKm must be positive, not {radius}.");
        }
        if (MunicipalityCode is { } code && code is < 1_000_000 or > 9_999_999)
            throw new ArgumentException($"MunicipalityCode {code} is not a 7-digit IBGE code.");
        if (State is { } uf && (uf.Length != 2 || !char.IsAsciiLetterUpper(uf[0]) || !char.IsAsciiLetterUpper(uf[1])))
            throw new ArgumentException($"State '{uf}' is not a UF such as \"MG\".");
        if (EventTypes is { } types)
        {
            if (types.Count == 0)
                throw new ArgumentException("EventTypes must be null (all) or name at least one event type.");
            foreach (var type in types)
                if (!AlertEventTypes.All.Contains(type))
                    throw new ArgumentException($"Unknown event type '{type}'; use {string.Join(", ", AlertEventTypes.All)}.");
        }
    }
}
