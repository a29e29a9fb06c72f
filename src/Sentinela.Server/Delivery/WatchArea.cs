namespace Sentinela.Server.Delivery;

/// <summary>
/// What a connection watches: a circle (Latitude, Longitude, RadiusKm), an IBGE municipality, or a state (UF), optionally
/// only some event types ("raised", "updated", "resolved"). Exactly one kind of place.
/// </summary>
public sealed record WatchArea
{
    public string? Id { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public double? RadiusKm { get; init; }
    public int? MunicipalityCode { get; init; }
    public string? State { get; init; }
    public string[]? EventTypes { get; init; }
}
