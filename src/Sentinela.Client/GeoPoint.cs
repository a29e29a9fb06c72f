namespace Sentinela.Client;

/// <summary>A WGS84 coordinate in decimal degrees.</summary>
public readonly record struct GeoPoint
{
    public double Latitude { get; init; }
    public double Longitude { get; init; }
}
