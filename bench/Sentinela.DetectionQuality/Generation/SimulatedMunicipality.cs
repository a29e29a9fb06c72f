using System.Text.Json.Serialization;
using Sentinela.Geography;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>A municipality of the scenario: its expected hemograms on a weekday, the cluster it belongs to and the lab that serves it.</summary>
public sealed record SimulatedMunicipality(int Code, string Name, double Latitude, double Longitude, double WeekdayVolume, int Cluster, string Lab)
{
    public const double LargeFrom = 50, MediumFrom = 15;

    [JsonIgnore] public GeoPoint Centroid => new(Latitude, Longitude);

    public static VolumeBand BandOf(double weekdayVolume) =>
        weekdayVolume >= LargeFrom ? VolumeBand.Large : weekdayVolume >= MediumFrom ? VolumeBand.Medium : VolumeBand.Small;

    [JsonIgnore] public VolumeBand Band => BandOf(WeekdayVolume);
}
