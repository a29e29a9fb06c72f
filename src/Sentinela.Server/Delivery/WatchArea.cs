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

    /// <summary>Coordinates to 2 decimals (about 1 km): a watch centred on a home must not end up precise in a log.</summary>
    public override string ToString() => FormattableString.Invariant(
        $"WatchArea {{ Id = {Id}, Latitude = {Latitude:0.##}, Longitude = {Longitude:0.##}, RadiusKm = {RadiusKm}, MunicipalityCode = {MunicipalityCode}, State = {State} }}");
}
