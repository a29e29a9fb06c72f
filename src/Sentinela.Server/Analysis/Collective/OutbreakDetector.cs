using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>
/// Collective analysis, pure and single-threaded: keeps the geo/time index and region windows, runs the detectors on each
/// abnormal hemogram and on a timer, and decides when an outbreak alert is raised, versioned or resolved.
/// A signal whose area overlaps an active alert for the same condition is absorbed by that alert, so one outbreak seen by
/// several lenses (radius, municipality, state) is one alert.
/// </summary>
public sealed class OutbreakDetector
{
    readonly CollectiveAnalysisOptions _options;
    readonly MunicipalityTable _municipalities;
    readonly HemogramIndex _index = new();
    readonly RadiusDetector _radius;
    readonly RegionWindowDetector _municipal, _state;
    readonly List<ActiveAlert> _active = [];
    readonly Dictionary<int, GeoPoint> _stateCentres = [];
    // Shared mode only: ids already in the index, since other instances' hemograms arrive here through Merge as well.
    readonly Dictionary<Guid, DateTimeOffset>? _indexed;

    /// <param name="shared">Several instances feed one shared index: remember ids so a hemogram is indexed once however it arrives.</param>
    public OutbreakDetector(CollectiveAnalysisOptions options, MunicipalityTable municipalities, bool shared = false)
    {
        (_options, _municipalities) = (options, municipalities);
        if (shared) _indexed = [];
        _radius = new RadiusDetector(_index, options.Radius, options.BaselineProportion, options.MaxPValue);
        _municipal = new RegionWindowDetector(DetectorKind.MunicipalityWindow, _index, options.Municipality, options.BaselineProportion, options.MaxPValue);
        _state = new RegionWindowDetector(DetectorKind.StateWindow, _index, options.State, options.BaselineProportion, options.MaxPValue);
    }

    public int IndexedCount => _index.Count;
    public IEnumerable<OutbreakAlert> ActiveAlerts => _active.Select(a => a.Current);

    /// <summary>Adds a hemogram to the index and windows without running detection (start-up rebuild).</summary>
    public void Load(IndexedHemogram h)
    {
        // Shared mode: a hemogram seen before (a catch-up after an outage replays it) is indexed and counted already.
        if (_indexed is not null && !_indexed.TryAdd(h.Id, h.CollectedAt)) return;
        _index.Add(h);
        _municipal.Add(RegionKey.Municipality(h.MunicipalityCode), h);
        _state.Add(RegionKey.State(h.StateCode), h);
    }

    /// <summary>
    /// Adds another instance's hemogram to the index only, once: its region windows come from the shared counters
    /// (<see cref="ReplaceRegion"/>), so counting it here too would count it twice.
    /// </summary>
    public void Merge(IndexedHemogram h)
    {
        if (_indexed is null) throw new InvalidOperationException("Merge needs a detector created for a shared index.");
        if (_indexed.TryAdd(h.Id, h.CollectedAt)) _index.Add(h);
    }

    /// <summary>Resumes tracking an alert that was active when the process stopped.</summary>
    public void Restore(OutbreakAlert alert, IEnumerable<Guid> evidence) => _active.Add(new ActiveAlert(alert, evidence));

    /// <summary>Forgets every active alert, before restoring them as the alert log has them now (another instance may have changed them).</summary>
    public void ClearActive() => _active.Clear();

    /// <summary>The circles (centre, parameter) the radius lens reads when observing <paramref name="h"/>; a shared index fills them first.</summary>
    public IEnumerable<(GeoPoint Centre, HemogramParameter Parameter)> RadiusQueries(IndexedHemogram h)
    {
        if (!_options.Radius.Enabled) return [];
        var queries = new HashSet<(GeoPoint, HemogramParameter)>();
        foreach (var alert in _active)
            if (alert.Current.Area.Kind == AreaKind.Circle && alert.Current.Area.Contains(h.Location, h.MunicipalityCode, h.StateCode)
                && h.Measured(alert.Current.Parameter))
                queries.Add((alert.Current.Area.Centre, alert.Current.Parameter));
        foreach (var condition in Condition.All)
            if (h.Has(condition)) queries.Add((h.Location, condition.Parameter));
        return queries;
    }

    /// <summary>The circles the timer step reads: every active circle alert's.</summary>
    public IEnumerable<(GeoPoint Centre, HemogramParameter Parameter)> RadiusQueries() =>
        _active.Where(a => a.Current.Area.Kind == AreaKind.Circle).Select(a => (a.Current.Area.Centre, a.Current.Parameter)).Distinct();

    /// <summary>The region windows the lenses read when examining <paramref name="h"/>; shared counters fill them first.</summary>
    public IEnumerable<RegionWindowRange> RegionReads(IndexedHemogram h, DateTimeOffset now)
    {
        var regions = new HashSet<RegionWindowRange>();
        if (h.AbnormalMask != 0)
        {
            if (_municipal.Options.Enabled) regions.Add(_municipal.RangeOf(RegionKey.Municipality(h.MunicipalityCode), now));
            if (_state.Options.Enabled) regions.Add(_state.RangeOf(RegionKey.State(h.StateCode), now));
        }
        foreach (var alert in _active)
            if (alert.Current.Area.Contains(h.Location, h.MunicipalityCode, h.StateCode) && h.Measured(alert.Current.Parameter)
                && RegionReadOf(alert.Current, now) is { } range)
                regions.Add(range);
        return regions;
    }

    /// <summary>The region windows the timer step reads: every region that had traffic within its window, every active alert's.</summary>
    public IEnumerable<RegionWindowRange> RegionReads(DateTimeOffset now)
    {
        var regions = new HashSet<RegionWindowRange>();
        foreach (var detector in new[] { _municipal, _state }.Where(d => d.Options.Enabled))
            foreach (var region in detector.ActiveSince(now - detector.Options.Window))
                regions.Add(detector.RangeOf(region, now));
        foreach (var alert in _active)
            if (RegionReadOf(alert.Current, now) is { } range) regions.Add(range);
        return regions;
    }

    /// <summary>Takes the shared counts of a region window (replacing this instance's own for those buckets).</summary>
    public void ReplaceRegion(RegionWindowRange range, IReadOnlyDictionary<(HemogramParameter Parameter, long Slot), RegionWindowCounters.Bucket> buckets) =>
        (range.Region.IsState ? _state : _municipal).Replace(range, buckets);

    /// <summary>The region window an active alert's re-evaluation reads: its own region, or a circle's municipality (see <see cref="SignalledByAnotherLens"/>).</summary>
    RegionWindowRange? RegionReadOf(OutbreakAlert alert, DateTimeOffset now) => alert.Area.Kind switch
    {
        AreaKind.State => _state.RangeOf(RegionKey.State(alert.Area.StateCode), now),
        AreaKind.Municipality => _municipal.RangeOf(RegionKey.Municipality(alert.Area.MunicipalityCode!.Value), now),
        _ when _municipal.Options.Enabled && alert.Area.MunicipalityCode is { } code => _municipal.RangeOf(RegionKey.Municipality(code), now),
        _ => null,
    };

    public IReadOnlyList<AlertChange> Observe(IndexedHemogram h, DateTimeOffset now)
    {
        Load(h);
        return Examine(h, now);
    }

    /// <summary>Detection for a hemogram already loaded: run again after the active alerts were refreshed, it decides afresh.</summary>
    public IReadOnlyList<AlertChange> Examine(IndexedHemogram h, DateTimeOffset now)
    {
        var changes = new List<AlertChange>();
        foreach (var alert in _active.ToArray())
            if (alert.Current.Area.Contains(h.Location, h.MunicipalityCode, h.StateCode) && h.Measured(alert.Current.Parameter))
                Add(changes, Reevaluate(alert, h, now));

        if (h.AbnormalMask == 0) return changes;
        foreach (var condition in Condition.All)
        {
            if (!h.Has(condition) || _active.Any(a => a.Current.Condition == condition && a.Current.Area.Contains(h.Location, h.MunicipalityCode, h.StateCode)))
                continue;
            if (Detect(condition, h, now) is { } raised) changes.Add(raised);
        }
        return changes;
    }

    /// <summary>Timer step: re-evaluates active alerts (they resolve when their area clears), evaluates windows that moved, prunes the horizon.</summary>
    public IReadOnlyList<AlertChange> Tick(DateTimeOffset now)
    {
        var changes = new List<AlertChange>();
        foreach (var alert in _active.ToArray()) Add(changes, Reevaluate(alert, null, now));

        foreach (var detector in new[] { _municipal, _state }.Where(d => d.Options.Enabled))
            foreach (var region in detector.ActiveSince(now - detector.Options.Window).ToArray())
                foreach (var condition in Condition.All)
                    Add(changes, RaiseForRegion(detector, region, condition, now));

        _index.Prune(now - _options.Horizon);
        if (_indexed is not null)
            foreach (var (id, at) in _indexed.ToArray())
                if (at < now - _options.Horizon) _indexed.Remove(id);
        _municipal.Prune(now - _options.Horizon);
        _state.Prune(now - _options.Horizon);
        return changes;
    }

    AlertChange? Detect(Condition condition, IndexedHemogram h, DateTimeOffset now)
    {
        if (_options.Radius.Enabled && _radius.Evaluate(h.Location, condition, now) is { Triggered: true } radial)
            return RaiseUnlessAbsorbed(condition, CircleArea(h), radial, now);
        foreach (var (detector, region) in new[] { (_municipal, RegionKey.Municipality(h.MunicipalityCode)), (_state, RegionKey.State(h.StateCode)) })
            if (detector.Options.Enabled && RaiseForRegion(detector, region, condition, now) is { } raised)
                return raised;
        return null;
    }

    AlertChange? RaiseUnlessAbsorbed(Condition condition, AlertArea area, Evaluation evaluation, DateTimeOffset now) =>
        Absorbed(condition, area) ? null : Raise(condition, area, evaluation, now);

    /// <summary>Evaluates a region window cheaply; only a trigger that is not absorbed pays for gathering the evidence.</summary>
    AlertChange? RaiseForRegion(RegionWindowDetector detector, RegionKey region, Condition condition, DateTimeOffset now)
    {
        if (!detector.Evaluate(region, condition, now, withEvidence: false).Triggered) return null;
        var area = RegionArea(detector, region);
        return Absorbed(condition, area) ? null : Raise(condition, area, detector.Evaluate(region, condition, now, withEvidence: true), now);
    }

    bool Absorbed(Condition condition, AlertArea area) =>
        _active.Any(a => a.Current.Condition == condition && a.Current.Area.Absorbs(area));

    AlertChange Raise(Condition condition, AlertArea area, Evaluation evaluation, DateTimeOffset now)
    {
        var cases = evaluation.AbnormalCases;
        var firstCase = cases.Count > 0 ? cases.Min(c => c.CollectedAt) : now;
        var labs = cases.Select(c => c.Lab).OfType<string>().Distinct().Order().ToList();
        var alert = new OutbreakAlert
        {
            Id = Guid.CreateVersion7(now),
            Version = 1,
            Status = AlertStatus.Active,
            Detector = evaluation.Detector,
            Parameter = condition.Parameter,
            Direction = condition.Direction,
            Severity = Severity(evaluation),
            Area = area,
            Statistics = ToAlertStatistics(evaluation.Statistics, condition.Parameter),
            FirstCaseAt = firstCase,
            RaisedAt = now,
            UpdatedAt = now,
            ReportingLabs = labs,
            EvidenceCount = cases.Count,
            Headline = AlertText.Headline(AlertStatus.Active, condition, area, cases.Count, firstCase, now),
            SuggestedAction = AlertText.SuggestedAction(condition),
        };
        var evidence = cases.Select(c => c.Id).ToList();
        _active.Add(new ActiveAlert(alert, evidence));
        return new AlertChange(alert.Id, alert, evidence);
    }

    AlertChange? Reevaluate(ActiveAlert alert, IndexedHemogram? arrived, DateTimeOffset now)
    {
        var current = alert.Current;
        var evaluation = Evaluate(current, now);
        var newEvidence = new List<Guid>();
        if (arrived is not null && arrived.Has(current.Condition) && alert.Evidence.Add(arrived.Id))
        {
            newEvidence.Add(arrived.Id);
            if (arrived.Lab is not null) alert.Labs.Add(arrived.Lab);
        }

        var (threshold, minAbnormal) = ThresholdOf(current.Detector);
        var stats = evaluation.Statistics;
        if ((stats.Abnormal < minAbnormal || stats.Proportion < threshold * _options.ResolveRatio) && !SignalledByAnotherLens(current, now))
        {
            _active.Remove(alert);
            return new AlertChange(current.Id, NextVersion(alert, AlertStatus.Resolved, evaluation, now), newEvidence);
        }

        // Severity only escalates while an alert is open, so a share wobbling around a boundary does not flood versions.
        var escalated = Severity(evaluation) > current.Severity;
        var grew = alert.Evidence.Count > alert.EvidenceAtLastVersion
            && alert.Evidence.Count >= alert.EvidenceAtLastVersion * (1 + _options.UpdateMinGrowth);
        if (escalated || grew)
            return new AlertChange(current.Id, NextVersion(alert, AlertStatus.Active, evaluation, now), newEvidence);
        return newEvidence.Count > 0 ? new AlertChange(current.Id, null, newEvidence) : null;
    }

    OutbreakAlert NextVersion(ActiveAlert alert, AlertStatus status, Evaluation evaluation, DateTimeOffset now)
    {
        var c = alert.Current;
        alert.EvidenceAtLastVersion = alert.Evidence.Count;
        alert.Current = c with
        {
            Version = c.Version + 1,
            Sequence = 0,
            Status = status,
            Severity = status == AlertStatus.Resolved ? c.Severity : (AlertSeverity)Math.Max((int)c.Severity, (int)Severity(evaluation)),
            Statistics = ToAlertStatistics(evaluation.Statistics, c.Parameter),
            UpdatedAt = now,
            ResolvedAt = status == AlertStatus.Resolved ? now : null,
            ReportingLabs = alert.Labs.ToList(),
            EvidenceCount = alert.Evidence.Count,
            Headline = AlertText.Headline(status, c.Condition, c.Area, alert.Evidence.Count, c.FirstCaseAt, now),
        };
        return alert.Current;
    }

    /// <summary>
    /// Whether the municipality window of a circle alert still triggers: the outbreak is over only when that finer lens
    /// clears too, otherwise resolving would immediately re-raise it. The state window is not asked: it may be high because
    /// of another outbreak elsewhere in the state.
    /// </summary>
    bool SignalledByAnotherLens(OutbreakAlert alert, DateTimeOffset now) =>
        alert.Area.Kind == AreaKind.Circle && alert.Area.MunicipalityCode is { } code && _municipal.Options.Enabled
        && _municipal.Evaluate(RegionKey.Municipality(code), alert.Condition, now, withEvidence: false).Triggered;

    Evaluation Evaluate(OutbreakAlert alert, DateTimeOffset now) => alert.Area.Kind switch
    {
        AreaKind.State => _state.Evaluate(RegionKey.State(alert.Area.StateCode), alert.Condition, now, withEvidence: false),
        AreaKind.Municipality => _municipal.Evaluate(RegionKey.Municipality(alert.Area.MunicipalityCode!.Value), alert.Condition, now, withEvidence: false),
        _ => _radius.Evaluate(alert.Area.Centre, alert.Condition, now),
    };

    (double Threshold, int MinAbnormal) ThresholdOf(DetectorKind kind) => kind switch
    {
        DetectorKind.Radius => (_options.Radius.Threshold, _options.Radius.MinAbnormal),
        DetectorKind.MunicipalityWindow => (_options.Municipality.Threshold, _options.Municipality.MinAbnormal),
        _ => (_options.State.Threshold, _options.State.MinAbnormal),
    };

    AlertSeverity Severity(Evaluation e)
    {
        var (threshold, _) = ThresholdOf(e.Detector);
        var s = e.Statistics;
        return s.Proportion >= 3 * threshold && s.Abnormal >= 20 ? AlertSeverity.Critical
            : s.Proportion >= 2 * threshold ? AlertSeverity.High
            : AlertSeverity.Moderate;
    }

    AlertArea CircleArea(IndexedHemogram h)
    {
        var m = _municipalities.Find(h.MunicipalityCode);
        return new AlertArea(AreaKind.Circle, h.Location, _options.Radius.RadiusKm, h.StateCode,
            BrazilianState.FromCode(h.StateCode).Abbreviation, h.MunicipalityCode, m?.Name);
    }

    AlertArea RegionArea(RegionWindowDetector detector, RegionKey region)
    {
        if (region.IsState)
            return new AlertArea(AreaKind.State, StateCentre(region.Code), detector.Options.NominalRadiusKm, region.Code,
                BrazilianState.FromCode(region.Code).Abbreviation, null, null);
        var m = _municipalities.Find(region.Code)!;
        return new AlertArea(AreaKind.Municipality, m.Centroid, detector.Options.NominalRadiusKm, m.StateCode,
            m.State.Abbreviation, m.IbgeCode, m.Name);
    }

    GeoPoint StateCentre(int stateCode)
    {
        if (_stateCentres.TryGetValue(stateCode, out var centre)) return centre;
        var points = _municipalities.InState(stateCode).Select(m => m.Centroid).ToList();
        centre = points.Count == 0 ? default : new GeoPoint(points.Average(p => p.Latitude), points.Average(p => p.Longitude));
        return _stateCentres[stateCode] = centre;
    }

    static AlertStatistics ToAlertStatistics(WindowStatistics s, HemogramParameter p) => new(
        s.Total, s.Abnormal, s.Proportion, s.Mean, s.StandardDeviation, s.PreviousTotal, s.PreviousAbnormal,
        s.PreviousProportion, s.PreviousMean, s.ReferenceProportion, s.PValue, s.WindowStart, s.WindowEnd, p.CanonicalUnit());

    static void Add(List<AlertChange> changes, AlertChange? change)
    {
        if (change is not null) changes.Add(change);
    }
}
