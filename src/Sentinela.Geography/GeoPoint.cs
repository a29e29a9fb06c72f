using System.Runtime.Serialization;
using System.Text.Json.Serialization;
namespace Sentinela.Geography;

/// <summary>A WGS84 coordinate in decimal degrees.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    const double EarthRadiusKm = 6371.0088;

    [JsonIgnore, IgnoreDataMember]
    public bool IsValid => Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180
        && double.IsFinite(Latitude) && double.IsFinite(Longitude);

    /// <summary>Great-circle (haversine) distance in kilometres.</summary>
    public double DistanceKm(GeoPoint other)
    {
        var dLat = ToRadians(other.Latitude - Latitude);
        var dLon = ToRadians(other.Longitude - Longitude);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
              + Math.Cos(ToRadians(Latitude)) * Math.Cos(ToRadians(other.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Rounds to the given number of decimals (2 decimals ≈ 1.1 km), so stored points cannot single out a home.</summary>
    public GeoPoint Coarsen(int decimals) =>
        new(Math.Round(Latitude, decimals), Math.Round(Longitude, decimals));

    /// <summary>Degrees of latitude/longitude spanned by a distance around this point, for bounding-box pre-filters.</summary>
    public (double LatDegrees, double LonDegrees) DegreesFor(double km)
    {
        // Kilometres per degree on the same sphere DistanceKm uses, so the box always contains the circle.
        var latDegrees = km / (EarthRadiusKm * Math.PI / 180);
        // Longitude degrees widen towards the pole, so size the box at the circle's poleward edge.
        var cos = Math.Max(0.01, Math.Cos(ToRadians(Math.Min(89.9, Math.Abs(Latitude) + latDegrees))));
        return (latDegrees, latDegrees / cos);
    }

    static double ToRadians(double degrees) => degrees * Math.PI / 180;
}
