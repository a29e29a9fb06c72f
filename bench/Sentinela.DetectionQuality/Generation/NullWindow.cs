using System.Text.Json.Serialization;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>A municipality × condition × 7-day window with no injected excess of that condition within 100 km, 3 days either side.</summary>
public sealed record NullWindow(int Id, string Condition, int Municipality, DateTimeOffset Start, int Days, double WeekdayVolume)
{
    [JsonIgnore] public DateTimeOffset End => Start.AddDays(Days);
}
