using System.Globalization;
using Sentinela.DetectionQuality.Generation;

namespace Sentinela.DetectionQuality.Scoring;

/// <summary>
/// Scores alert versions against a scenario's ground truth.
/// <list type="bullet">
/// <item>An outbreak is <b>detected</b> when an active alert version (raised, or a new version of an alert) for its
/// condition, whose footprint includes one of its municipalities, is published between its start and its end; time to
/// detection is the first such publication − the start, in days.</item>
/// <item>A <b>null window</b> is hit by the same rule, over its 7 days and its one municipality.</item>
/// <item>A <b>false alarm</b> is an alert raised in the scored period that matches no outbreak: none of its condition whose
/// municipalities its footprint includes and within whose [start, end + 3 days] it was raised. Per municipality-year:
/// false alarms ÷ (municipalities × scored days ÷ 365.25).</item>
/// <item>A (municipality, condition, day) cell of the scored period is <b>quiet</b> when no outbreak of the condition covers
/// the municipality that day or in the 3 days before; it is <b>under alert</b> when an alert of the condition whose
/// footprint includes the municipality is active (raised, not yet resolved) at any moment of that day.</item>
/// </list>
/// </summary>
public static class DetectionScorer
{
    static readonly TimeSpan Tail = TimeSpan.FromDays(OutbreakPlanner.TailDays);

    public static QualityMetrics Score(GroundTruth truth, IReadOnlyList<AlertRecord> versions)
    {
        var published = versions.Where(v => v.Active).ToLookup(v => v.Condition);
        DateTimeOffset? FirstPublished(string condition, IReadOnlyCollection<int> municipalities, DateTimeOffset from, DateTimeOffset to) =>
            published[condition].Where(v => v.PublishedAt >= from && v.PublishedAt <= to && municipalities.Any(v.Footprint.Contains))
                .Select(v => (DateTimeOffset?)v.PublishedAt).Min();

        var outcomes = truth.Outbreaks
            .Select(o => (Outbreak: o, Days: FirstPublished(o.Condition, o.Municipalities, o.Start, o.End) is { } at ? (at - o.Start).TotalDays : (double?)null))
            .ToList();
        Rate RateOf(Func<InjectedOutbreak, bool> stratum) =>
            new(outcomes.Count(x => stratum(x.Outbreak) && x.Days is not null), outcomes.Count(x => stratum(x.Outbreak)));
        static bool Goal(InjectedOutbreak o) => o.Multiplier >= 2 && o.Days >= 7 && o.Band == VolumeBand.Large;
        static bool Strong(InjectedOutbreak o) => o.Multiplier >= 3 && o.Days >= 7 && o.Band == VolumeBand.Large;

        var strata = new List<(string, string, Rate)>();
        foreach (var m in OutbreakPlanner.Multipliers)
            strata.Add(("multiplier", string.Create(CultureInfo.InvariantCulture, $"×{m}"), RateOf(o => o.Multiplier == m)));
        foreach (var d in OutbreakPlanner.Durations) strata.Add(("duration", $"{d} d", RateOf(o => o.Days == d)));
        strata.Add(("extent", "one municipality", RateOf(o => !o.SeveralMunicipalities)));
        strata.Add(("extent", "several", RateOf(o => o.SeveralMunicipalities)));
        foreach (var band in Enum.GetValues<VolumeBand>()) strata.Add(("hemograms a weekday", BandLabel(band), RateOf(o => o.Band == band)));
        foreach (var c in PrevalenceProfile.OutbreakConditions.Select(c => c.ToString())) strata.Add(("condition", c, RateOf(o => o.Condition == c)));

        var detectionDays = outcomes.Where(x => x.Days is not null).Select(x => x.Days!.Value).ToList();
        var goalDays = outcomes.Where(x => x.Days is not null && Goal(x.Outbreak)).Select(x => x.Days!.Value).ToList();
        var nullHits = truth.NullWindows.Count(w => FirstPublished(w.Condition, [w.Municipality], w.Start, w.End) is not null);

        var alerts = versions.GroupBy(v => v.Id).Select(g => new Alert(
            g.First().Condition,
            g.Min(v => v.RaisedAt),
            g.Where(v => !v.Active).Select(v => v.ResolvedAt).Max(),
            g.SelectMany(v => v.Footprint).ToHashSet(),
            g.Count())).ToList();
        var scored = alerts.Where(a => a.RaisedAt >= truth.ScoredFrom && a.RaisedAt < truth.ScoredTo).ToList();
        var falseAlarms = scored.Count(a => !truth.Outbreaks.Any(o => o.Condition == a.Condition
            && a.RaisedAt >= o.Start && a.RaisedAt <= o.End + Tail && o.Municipalities.Any(a.Footprint.Contains)));
        var municipalityYears = truth.Municipalities.Count * truth.Scenario.ScoredDays / 365.25;
        var (quietCells, quietDays) = QuietUnderAlert(truth, alerts);

        return new QualityMetrics
        {
            Sensitivity = RateOf(_ => true),
            GoalStratum = RateOf(Goal),
            StrongStratum = RateOf(Strong),
            Strata = strata,
            NullWindowHits = new Rate(nullHits, truth.NullWindows.Count),
            MedianDaysToDetection = Percentile(detectionDays, 0.5),
            P90DaysToDetection = Percentile(detectionDays, 0.9),
            GoalMedianDaysToDetection = Percentile(goalDays, 0.5),
            FalseAlarms = falseAlarms,
            FalseAlarmsPerMunicipalityYear = falseAlarms / municipalityYears,
            Alerts = scored.Count,
            AlertsPerDay = (double)scored.Count / truth.Scenario.ScoredDays,
            VersionsPerAlert = scored.Count == 0 ? 0 : scored.Average(a => (double)a.Versions),
            QuietCellsUnderAlert = quietCells,
            QuietMunicipalityDaysUnderAlert = quietDays,
        };
    }

    public static string BandLabel(VolumeBand band) => band switch
    {
        VolumeBand.Small => $"< {SimulatedMunicipality.MediumFrom}",
        VolumeBand.Medium => $"{SimulatedMunicipality.MediumFrom}–{SimulatedMunicipality.LargeFrom - 1}",
        _ => $"≥ {SimulatedMunicipality.LargeFrom}",
    };

    sealed record Alert(string Condition, DateTimeOffset RaisedAt, DateTimeOffset? ResolvedAt, HashSet<int> Footprint, int Versions);

    static (double Cells, double MunicipalityDays) QuietUnderAlert(GroundTruth truth, List<Alert> alerts)
    {
        var days = truth.Scenario.ScoredDays;
        var municipalities = truth.Municipalities.Select((m, i) => (m.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var conditions = PrevalenceProfile.Conditions.Select((c, i) => (Name: c.ToString(), i)).ToDictionary(x => x.Name, x => x.i);
        var noisy = new bool[municipalities.Count, conditions.Count, days];
        var alerted = new bool[municipalities.Count, conditions.Count, days];
        DateTimeOffset DayStart(int d) => truth.ScoredFrom.AddDays(d);

        void Mark(bool[,,] cells, string condition, IEnumerable<int> codes, DateTimeOffset from, DateTimeOffset to)
        {
            if (!conditions.TryGetValue(condition, out var c)) return;
            for (var d = 0; d < days; d++)
            {
                if (DayStart(d) >= to || DayStart(d + 1) <= from) continue;
                foreach (var code in codes)
                    if (municipalities.TryGetValue(code, out var m)) cells[m, c, d] = true;
            }
        }

        foreach (var o in truth.Outbreaks) Mark(noisy, o.Condition, o.Municipalities, o.Start, o.End + Tail);
        foreach (var a in alerts) Mark(alerted, a.Condition, a.Footprint, a.RaisedAt, a.ResolvedAt ?? DateTimeOffset.MaxValue);

        int quietCells = 0, quietAlerted = 0, quietDays = 0, quietDaysAlerted = 0;
        for (var m = 0; m < municipalities.Count; m++)
            for (var d = 0; d < days; d++)
            {
                bool anyNoise = false, anyAlert = false;
                for (var c = 0; c < conditions.Count; c++)
                {
                    anyNoise |= noisy[m, c, d];
                    anyAlert |= alerted[m, c, d];
                    if (noisy[m, c, d]) continue;
                    quietCells++;
                    if (alerted[m, c, d]) quietAlerted++;
                }
                if (anyNoise) continue;
                quietDays++;
                if (anyAlert) quietDaysAlerted++;
            }
        return (quietCells == 0 ? 0 : (double)quietAlerted / quietCells, quietDays == 0 ? 0 : (double)quietDaysAlerted / quietDays);
    }

    /// <summary>Linear interpolation between order statistics (R's type 7); null for no values.</summary>
    static double? Percentile(List<double> values, double q)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Count ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }
}
