using Sentinela.Geography;

namespace Sentinela.Server.Delivery;

/// <summary>A validated <see cref="WatchArea"/>: its kind, place and the event types it wants.</summary>
public sealed record Watch(string Id, WatchKind Kind, GeoPoint Centre, double RadiusKm, int? MunicipalityCode, int StateCode, IReadOnlySet<string> EventTypes)
{
    public WatchArea ToArea() => new()
    {
        Id = Id,
        Latitude = Kind == WatchKind.Circle ? Centre.Latitude : null,
        Longitude = Kind == WatchKind.Circle ? Centre.Longitude : null,
        RadiusKm = Kind == WatchKind.Circle ? RadiusKm : null,
        MunicipalityCode = MunicipalityCode,
        State = Kind == WatchKind.State ? BrazilianState.FromCode(StateCode).Abbreviation : null,
        EventTypes = [.. EventTypes],
    };
}

public enum WatchKind
{
    Circle,
    Municipality,
    State,
}
