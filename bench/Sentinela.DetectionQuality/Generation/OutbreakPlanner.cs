using Sentinela.Server.Hemograms;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>
/// Places the outbreaks and null windows of a scenario. The design crosses multiplier (×1.5, ×2, ×3), duration (3, 7,
/// 14 days), extent (one municipality, or it and one to three of its cluster's) and the seed municipality's volume band,
/// <see cref="Scenario.Replicates"/> times, over the outbreak conditions; each lands at a random start in the scored
/// period, never near another outbreak of the same condition, so every alert has at most one outbreak to be credited to.
/// </summary>
public static class OutbreakPlanner
{
    public static readonly double[] Multipliers = [1.5, 2, 3];
    public static readonly int[] Durations = [3, 7, 14];

    /// <summary>Outbreaks of one condition stay this far apart (any two of their municipalities) unless days apart: a 50 km circle reaches one only.</summary>
    public const double SeparationKm = 60;

    /// <summary>A null window has no outbreak of its condition within this distance.</summary>
    public const double NullSeparationKm = 100;

    /// <summary>Days after an outbreak's end in which an alert for it still counts as its alert (not a false alarm).</summary>
    public const int TailDays = 3;

    public const int NullWindowDays = 7;

    const int Attempts = 400;

    public static (List<InjectedOutbreak> Outbreaks, List<NullWindow> NullWindows, int NotPlaced) Plan(
        Scenario scenario, IReadOnlyList<SimulatedMunicipality> municipalities, Sampling sampling)
    {
        var design = (
            from replicate in Enumerable.Range(0, scenario.Replicates)
            from multiplier in Multipliers
            from days in Durations
            from several in new[] { false, true }
            from band in Enum.GetValues<VolumeBand>()
            select (multiplier, days, several, band)).ToList();
        sampling.Shuffle(design);

        var conditions = PrevalenceProfile.OutbreakConditions;
        var outbreaks = new List<InjectedOutbreak>();
        var notPlaced = 0;
        for (var i = 0; i < design.Count; i++)
        {
            var (multiplier, days, several, band) = design[i];
            var seeds = municipalities.Where(m => m.Band == band).ToList();
            InjectedOutbreak? placed = null;
            for (var attempt = 0; attempt < Attempts && placed is null && seeds.Count > 0; attempt++)
            {
                // Another condition every 100 attempts, when this one has no room left here.
                var condition = conditions[(i + attempt / 100) % conditions.Count];
                var seed = sampling.Pick(seeds);
                var area = several ? WithNeighbours(seed, municipalities, sampling) : [seed];
                if (area.Count == 1 && several) continue;
                var start = sampling.Next(scenario.ScoredDays - days + 1);
                var candidate = new InjectedOutbreak(outbreaks.Count + 1, condition.ToString(), [.. area.Select(m => m.Code)],
                    LocalMidnight(scenario.FirstScoredDay.AddDays(start)), days, multiplier, area.Sum(m => m.WeekdayVolume));
                if (!outbreaks.Any(o => Conflict(o, candidate, municipalities))) placed = candidate;
            }
            if (placed is null) notPlaced++;
            else outbreaks.Add(placed);
        }

        var nullWindows = new List<NullWindow>();
        var bands = Enum.GetValues<VolumeBand>();
        for (var i = 0; i < scenario.NullWindows; i++)
        {
            var condition = conditions[i % conditions.Count].ToString();
            var candidates = municipalities.Where(m => m.Band == bands[i / conditions.Count % bands.Length]).ToList();
            for (var attempt = 0; attempt < Attempts && candidates.Count > 0; attempt++)
            {
                var m = sampling.Pick(candidates);
                var start = LocalMidnight(scenario.FirstScoredDay.AddDays(sampling.Next(scenario.ScoredDays - NullWindowDays + 1)));
                var window = new NullWindow(nullWindows.Count + 1, condition, m.Code, start, NullWindowDays, m.WeekdayVolume);
                var nearOutbreak = outbreaks.Any(o => o.Condition == condition
                    && o.Start.AddDays(-TailDays) < window.End && window.Start < o.End.AddDays(TailDays)
                    && o.Municipalities.Any(code => Distance(code, m.Code, municipalities) <= NullSeparationKm));
                var overlapping = nullWindows.Any(w => w.Condition == condition && w.Municipality == m.Code
                    && w.Start < window.End && window.Start < w.End);
                if (nearOutbreak || overlapping) continue;
                nullWindows.Add(window);
                break;
            }
        }
        return (outbreaks, nullWindows, notPlaced);
    }

    /// <summary>Local midnight in Minas Gerais (UTC−3, no daylight saving since 2019).</summary>
    public static DateTimeOffset LocalMidnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(-3));

    static List<SimulatedMunicipality> WithNeighbours(SimulatedMunicipality seed, IReadOnlyList<SimulatedMunicipality> all, Sampling sampling)
    {
        var mates = all.Where(m => m.Cluster == seed.Cluster && m.Code != seed.Code).ToList();
        sampling.Shuffle(mates);
        return [seed, .. mates.Take(1 + sampling.Next(3))];
    }

    // Same condition, near in space, and their credit periods [start, end + tail] touch: one alert could be either's.
    static bool Conflict(InjectedOutbreak a, InjectedOutbreak b, IReadOnlyList<SimulatedMunicipality> municipalities) =>
        a.Condition == b.Condition
        && a.Start < b.End.AddDays(TailDays) && b.Start < a.End.AddDays(TailDays)
        && a.Municipalities.Any(x => b.Municipalities.Any(y => Distance(x, y, municipalities) <= SeparationKm));

    static double Distance(int a, int b, IReadOnlyList<SimulatedMunicipality> municipalities) =>
        municipalities.First(m => m.Code == a).Centroid.DistanceKm(municipalities.First(m => m.Code == b).Centroid);
}
