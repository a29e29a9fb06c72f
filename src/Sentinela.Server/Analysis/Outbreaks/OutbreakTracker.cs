using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Detection;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Outbreaks;

/// <summary>
/// One outbreak, one alert, one story: turns each decision's signals into alert versions. Pure, and stateless beyond the
/// open alerts themselves (restored from the alert log), so any instance that takes the decision lease decides alike.
/// <list type="bullet">
/// <item>A signal that shares a municipality with an open alert of its condition belongs to it: the alert's area grows to
/// include the signal's (a new significant cluster next to or inside an open alert is announced as that alert's new
/// version, not as a second alert); a signal overlapping several open alerts extends the oldest.</item>
/// <item>Signals matching no open alert are grouped when they overlap and raise one alert per group.</item>
/// <item>A version is published when the area grows or the severity rises (at once), or when the severity falls or the
/// excess moves by <see cref="DetectionOptions.UpdateMinGrowth"/> (at most once per <see cref="DetectionOptions.MinVersionInterval"/>).</item>
/// <item>Only current signals count: the last <see cref="DetectionOptions.ResolveDays"/> of their area are in excess. An open
/// alert resolves once its area's last days are back to expected, whatever older excess a long window still shows.</item>
/// <item>A resolved alert's days are spent: a signal over its area whose window reaches back to the resolution must stand
/// on the days after it alone, or a long window would raise the outbreak just resolved again the next day.</item>
/// </list>
/// </summary>
public sealed class OutbreakTracker(DetectionOptions options, MunicipalityTable municipalities)
{
    readonly List<OutbreakAlert> _open = [];
    readonly List<OutbreakAlert> _resolved = [];

    public IReadOnlyList<OutbreakAlert> Open => _open;

    /// <summary>How long a resolved alert still restates signals: the longest window a detector reads.</summary>
    public TimeSpan ResolvedMemory => TimeSpan.FromDays(options.SeriesDays);

    /// <summary>Takes back an open alert, or one resolved within <see cref="ResolvedMemory"/>.</summary>
    public void Restore(OutbreakAlert alert)
    {
        if (alert.Type != AlertType.Outbreak) return;
        if (alert.Status == AlertStatus.Active) _open.Add(alert);
        else if (alert is { Status: AlertStatus.Resolved, ResolvedAt: not null }) _resolved.Add(alert);
    }

    public void Clear()
    {
        _open.Clear();
        _resolved.Clear();
    }

    public IReadOnlyList<OutbreakAlert> Decide(IReadOnlyList<Signal> signals, Expectations expectations, int today, DateTimeOffset now)
    {
        var versions = new List<OutbreakAlert>();
        _resolved.RemoveAll(a => ResolvedDay(a) < today - options.SeriesDays);
        var conditions = signals.Select(s => s.Condition).Concat(_open.Select(a => a.Condition!.Value)).Distinct().OrderBy(CountSlots.Index);
        foreach (var condition in conditions)
        {
            var pending = signals.Where(s => s.Condition == condition && Current(s.Municipalities, condition, expectations, today)).ToList();
            foreach (var alert in _open.Where(a => a.Condition == condition).OrderBy(a => a.RaisedAt).ToList())
            {
                var area = alert.Area.Municipalities.ToHashSet();
                var matched = pending.Where(s => s.Municipalities.Any(area.Contains)).ToList();
                pending.RemoveAll(matched.Contains);
                var next = matched.Count > 0 ? Update(alert, matched, expectations, today, now)
                    : Quiet(alert.Area.Municipalities, condition, expectations, today) ? Resolve(alert, expectations, today, now)
                    : Revised(alert, expectations, today, now);
                if (next is null) continue;
                versions.Add(next);
                _open.Remove(alert);
                if (next.Status == AlertStatus.Active) _open.Add(next);
                else _resolved.Add(next);
            }
            pending = [.. pending.Select(s => AfterResolved(s, expectations, today)).OfType<Signal>()];
            foreach (var group in Overlapping(pending))
            {
                var raised = Raise(group, expectations, today, now);
                versions.Add(raised);
                _open.Add(raised);
            }
        }
        return versions;
    }

    OutbreakAlert? Update(OutbreakAlert alert, List<Signal> matched, Expectations expectations, int today, DateTimeOffset now)
    {
        var strongest = matched.MinBy(s => s.PValue)!;
        var area = Union(alert.Area.Municipalities, matched);
        var firstDay = Math.Min(AnalysisDay.Of(alert.Statistics.WindowStart), today - matched.Max(s => s.WindowDays) + 1);
        var statistics = AlertStory.Of(expectations, area, alert.Condition!.Value, firstDay, today, now, strongest.PValue, strongest.RecurrenceIntervalDays);
        var severity = Grade(statistics);
        var grew = area.Count > alert.Area.Municipalities.Count;
        var due = now - alert.UpdatedAt >= options.MinVersionInterval;
        var moved = Math.Abs(statistics.Excess - alert.Statistics.Excess) >= options.UpdateMinGrowth * Math.Max(alert.Statistics.Excess, 1);
        if (!grew && severity <= alert.Severity && !Fewer(alert, statistics, expectations) && !(due && (severity != alert.Severity || moved))) return null;
        return Version(alert, AlertStatus.Active, strongest.Detector, severity, area, statistics, now);
    }

    /// <summary>
    /// The signal, restated on the days after the latest resolution of an alert of its condition over its area when its
    /// window reaches back to it; null when those days alone are no longer significant (corrected as a temporal window).
    /// </summary>
    Signal? AfterResolved(Signal signal, Expectations expectations, int today)
    {
        var firstDay = today - signal.WindowDays + 1;
        var resolved = _resolved
            .Where(a => a.Condition == signal.Condition && ResolvedDay(a) >= firstDay && a.Area.Municipalities.Any(signal.Municipalities.Contains))
            .Select(ResolvedDay).DefaultIfEmpty(int.MinValue).Max();
        if (resolved == int.MinValue) return signal;
        if (resolved >= today) return null;
        var after = expectations.Over(signal.Municipalities, signal.Condition, resolved + 1, today);
        var p = Corrected(after.PValue);
        return after.Observed >= options.MinCases && p < options.Alpha
            ? signal with { WindowDays = today - resolved, PValue = Math.Max(p, signal.PValue), RecurrenceIntervalDays = null }
            : null;
    }

    static int ResolvedDay(OutbreakAlert alert) => AnalysisDay.Of(alert.ResolvedAt!.Value);

    /// <summary>
    /// A new version at once when the alert's window now holds fewer abnormal results than it told: laboratories amended
    /// or retracted some of its evidence (a window only gains days, so nothing else lowers it), and the people acting on
    /// it must see the corrected numbers — the version interval is for noise, not for corrections.
    /// </summary>
    OutbreakAlert? Revised(OutbreakAlert alert, Expectations expectations, int today, DateTimeOffset now)
    {
        var statistics = WholeWindow(alert, expectations, today, now, alert.Statistics.RecurrenceIntervalDays);
        return Fewer(alert, statistics, expectations)
            ? Version(alert, AlertStatus.Active, alert.Detector, Grade(statistics), alert.Area.Municipalities, statistics, now)
            : null;
    }

    /// <summary>Fewer abnormal results than the alert told over a window the counters still hold whole.</summary>
    static bool Fewer(OutbreakAlert alert, AlertStatistics statistics, Expectations expectations) =>
        statistics.Observed < alert.Statistics.Observed && AnalysisDay.Of(alert.Statistics.WindowStart) >= expectations.Counts.FirstDay;

    /// <summary>Whether the area's last ResolveDays still show an excess chance hardly explains.</summary>
    bool Current(IReadOnlyList<int> area, Condition condition, Expectations expectations, int today)
    {
        var recent = expectations.Over(area, condition, today - options.ResolveDays + 1, today);
        return recent.Ratio > options.ResolveRatio
            && recent.PValue < options.CurrentPValue;
    }

    /// <summary>Whether the area's last ResolveDays are back to expected.</summary>
    bool Quiet(IReadOnlyList<int> area, Condition condition, Expectations expectations, int today)
    {
        var recent = expectations.Over(area, condition, today - options.ResolveDays + 1, today);
        return recent.Ratio <= options.ResolveRatio
            || recent.PValue > options.ResolvePValue;
    }

    OutbreakAlert Resolve(OutbreakAlert alert, Expectations expectations, int today, DateTimeOffset now) =>
        Version(alert, AlertStatus.Resolved, alert.Detector, alert.Severity, alert.Area.Municipalities,
            WholeWindow(alert, expectations, today, now, null), now);

    /// <summary>The alert's area over its whole window to today, with that window's own (corrected) p-value.</summary>
    AlertStatistics WholeWindow(OutbreakAlert alert, Expectations expectations, int today, DateTimeOffset now, double? recurrenceIntervalDays)
    {
        var condition = alert.Condition!.Value;
        var firstDay = AnalysisDay.Of(alert.Statistics.WindowStart);
        var whole = expectations.Over(alert.Area.Municipalities, condition, firstDay, today);
        return AlertStory.Of(expectations, alert.Area.Municipalities, condition, firstDay, today, now, Corrected(whole.PValue), recurrenceIntervalDays);
    }

    OutbreakAlert Raise(List<Signal> group, Expectations expectations, int today, DateTimeOffset now)
    {
        var strongest = group.MinBy(s => s.PValue)!;
        var condition = strongest.Condition;
        var area = Union(strongest.Municipalities, group);
        var firstDay = today - group.Max(s => s.WindowDays) + 1;
        var statistics = AlertStory.Of(expectations, area, condition, firstDay, today, now, strongest.PValue, strongest.RecurrenceIntervalDays);
        var alertArea = AlertArea.Of(area, municipalities, options.MunicipalityRadiusKm);
        return new OutbreakAlert
        {
            Id = AlertIds.For($"outbreak|{condition}|{area[0]}", now),
            Version = 1,
            Type = AlertType.Outbreak,
            Status = AlertStatus.Active,
            Detector = strongest.Detector,
            Parameter = condition.Parameter,
            Direction = condition.Direction,
            Severity = Grade(statistics),
            Area = alertArea,
            Statistics = statistics,
            RaisedAt = now,
            UpdatedAt = now,
            ReportingLabs = [],
            EvidenceCount = 0,
            Headline = AlertText.Headline(AlertType.Outbreak, AlertStatus.Active, condition, alertArea, statistics),
            SuggestedAction = AlertText.SuggestedAction(AlertType.Outbreak, condition),
        };
    }

    OutbreakAlert Version(OutbreakAlert alert, AlertStatus status, DetectorKind detector, AlertSeverity severity, IReadOnlyList<int> area,
        AlertStatistics statistics, DateTimeOffset now)
    {
        var alertArea = area.SequenceEqual(alert.Area.Municipalities) ? alert.Area : AlertArea.Of(area, municipalities, options.MunicipalityRadiusKm);
        return alert with
        {
            Version = alert.Version + 1,
            Sequence = 0,
            Status = status,
            Detector = detector,
            Severity = severity,
            Area = alertArea,
            Statistics = statistics,
            UpdatedAt = now,
            ResolvedAt = status == AlertStatus.Resolved ? now : null,
            Headline = AlertText.Headline(AlertType.Outbreak, status, alert.Condition, alertArea, statistics),
        };
    }

    /// <summary>Yellow below Alpha (the policy only passes such signals), red below RedAlpha, critical when red and large.</summary>
    AlertSeverity Grade(AlertStatistics s) =>
        s.PValue >= options.RedAlpha ? AlertSeverity.Moderate
        : s.Excess >= options.CriticalExcess && s.Ratio >= options.CriticalRatio ? AlertSeverity.Critical
        : AlertSeverity.High;

    double Corrected(double p) => Math.Min(1, p * CountSlots.Conditions * options.CorrectedWindows);

    /// <summary>The area first, then the signals' municipalities not yet in it, nearest the core first, up to the cap.</summary>
    IReadOnlyList<int> Union(IReadOnlyList<int> area, IEnumerable<Signal> signals)
    {
        var core = municipalities.Find(area[0])?.Centroid;
        var added = signals.SelectMany(s => s.Municipalities).Distinct().Where(m => !area.Contains(m))
            .OrderBy(m => core is { } c && municipalities.Find(m) is { } found ? found.Centroid.DistanceKm(c) : double.MaxValue).ThenBy(m => m);
        return [.. area.Concat(added).Take(Math.Max(options.MaxAreaMunicipalities, area.Count))];
    }

    /// <summary>Signals of one condition grouped by shared municipalities (transitively), strongest group first.</summary>
    static IEnumerable<List<Signal>> Overlapping(List<Signal> signals)
    {
        var groups = new List<(HashSet<int> Area, List<Signal> Members)>();
        foreach (var signal in signals.OrderBy(s => s.PValue))
        {
            var joined = groups.Where(g => signal.Municipalities.Any(g.Area.Contains)).ToList();
            var area = new HashSet<int>(signal.Municipalities);
            var members = new List<Signal> { signal };
            foreach (var g in joined)
            {
                area.UnionWith(g.Area);
                members.InsertRange(0, g.Members);
                groups.Remove(g);
            }
            groups.Add((area, members));
        }
        return groups.Select(g => g.Members.OrderBy(s => s.PValue).ToList()).OrderBy(g => g[0].PValue);
    }
}
