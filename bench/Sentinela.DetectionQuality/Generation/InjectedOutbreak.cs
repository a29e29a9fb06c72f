using System.Text.Json.Serialization;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>
/// An outbreak put into the data: for <see cref="Days"/> days from <see cref="Start"/> (local midnight), each of its
/// municipalities gets additional patients with <see cref="Condition"/>, as many as (multiplier − 1) × the abnormal count
/// expected that day (Poisson), so the condition's count is multiplied and the denominator rises a little too.
/// </summary>
public sealed record InjectedOutbreak(
    int Id,
    string Condition,
    IReadOnlyList<int> Municipalities,
    DateTimeOffset Start,
    int Days,
    double Multiplier,
    double WeekdayVolume)
{
    /// <summary>Patients added over the outbreak (realised).</summary>
    public int ExtraCases { get; init; }

    /// <summary>Cases of the condition the same days and places would have had anyway (expected).</summary>
    public double BackgroundCases { get; init; }

    [JsonIgnore] public DateTimeOffset End => Start.AddDays(Days);
    [JsonIgnore] public bool SeveralMunicipalities => Municipalities.Count > 1;
    [JsonIgnore] public VolumeBand Band => SimulatedMunicipality.BandOf(WeekdayVolume);
}
