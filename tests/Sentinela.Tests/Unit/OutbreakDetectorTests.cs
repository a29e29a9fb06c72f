using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Hemograms;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Unit;

public sealed class OutbreakDetectorTests
{
    static readonly MunicipalityTable Table = ReferenceData.Municipalities;
    static readonly Municipality Contagem = Table.Find(3118601)!;
    static readonly Municipality BeloHorizonte = Table.Find(3106200)!;
    static readonly Municipality Uberlandia = Table.Find(3170206)!;
    static readonly Municipality SeteLagoas = Table.Find(3167202)!;

    static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 30, 0, TimeSpan.Zero);
    static readonly Condition PlateletsLow = new(HemogramParameter.Platelets, Direction.Low);

    // Default thresholds, restated from the documented configuration so expectations do not read them back from the code.
    const double Baseline = 0.05, MaxPValue = 0.001, Threshold = 0.15, ResolveLevel = 0.15 * 0.75;
    const int RecentCount = 50;

    /// <summary>A hemogram as the test sees it: what was fed, and whether the test made it platelets-low.</summary>
    sealed record Fed(IndexedHemogram Indexed, double Platelets, bool Low)
    {
        public Guid Id => Indexed.Id;
        public DateTimeOffset CollectedAt => Indexed.CollectedAt;
    }

    /// <summary>Two platelets-low results in every five, so any 50 consecutive hemograms hold exactly 20 (40 %).</summary>
    static bool TwoInFive(int i) => i % 5 is 1 or 4;

    static bool Never(int i) => false;

    static List<Fed> Series(Municipality m, int count, Func<int, bool> low, DateTimeOffset first, TimeSpan step,
        Func<int, Municipality>? placeOf = null, string lab = "lab-1")
    {
        var fed = new List<Fed>(count);
        for (var i = 0; i < count; i++)
        {
            var place = placeOf?.Invoke(i) ?? m;
            // Spread over a couple of kilometres around the centroid, as coarsened home coordinates are.
            var at = new GeoPoint(place.Centroid.Latitude + (i * 7 % 9 - 4) * 0.004, place.Centroid.Longitude + (i * 5 % 7 - 3) * 0.004);
            var isLow = low(i);
            var platelets = isLow ? 60_000 + i % 10 * 5_000 : 180_000 + i % 20 * 10_000;
            fed.Add(new Fed(new IndexedHemogram(TestHemograms.Platelets(platelets, isLow, at, place, first + step * i, lab)), platelets, isLow));
        }
        return fed;
    }

    static double SampleStandardDeviation(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    static OutbreakDetector Detector(Action<CollectiveAnalysisOptions>? configure = null)
    {
        // The expectations below are computed with these constants, so pin them rather than follow the shipped defaults.
        var options = new CollectiveAnalysisOptions { BaselineProportion = Baseline, MaxPValue = MaxPValue };
        configure?.Invoke(options);
        return new OutbreakDetector(options, Table);
    }

    /// <summary>Loads all but the last hemogram (as a restart would), then observes the last one as it arrives.</summary>
    static IReadOnlyList<AlertChange> LoadThenObserveLast(OutbreakDetector detector, List<Fed> series, DateTimeOffset now)
    {
        foreach (var f in series.Take(series.Count - 1)) detector.Load(f.Indexed);
        return detector.Observe(series[^1].Indexed, now);
    }

    // ---- (a) a cluster raises one radius alert ----

    [Fact]
    public void Cluster_of_platelets_low_in_Contagem_raises_one_radius_alert_with_its_statistics_and_cases()
    {
        var detector = Detector();
        var cluster = Series(Contagem, 50, TwoInFive, T0.AddHours(-5), TimeSpan.FromMinutes(6));
        var now = cluster[^1].CollectedAt.AddMinutes(1);

        var change = Assert.Single(LoadThenObserveLast(detector, cluster, now));

        var lows = cluster.Where(f => f.Low).ToList();
        Assert.True(lows.Count >= 0.4 * cluster.Count);
        var alert = change.NewVersion;
        Assert.NotNull(alert);
        Assert.Equal(alert.Id, change.AlertId);
        Assert.Equal((1, AlertStatus.Active, DetectorKind.Radius), (alert.Version, alert.Status, alert.Detector));
        Assert.Equal(PlateletsLow, alert.Condition);

        Assert.Equal(AreaKind.Circle, alert.Area.Kind);
        Assert.Equal(cluster[^1].Indexed.Location, alert.Area.Centre);
        Assert.Equal(50, alert.Area.RadiusKm);
        Assert.Equal((31, "MG", 3118601, "Contagem"), (alert.Area.StateCode, alert.Area.StateAbbreviation, alert.Area.MunicipalityCode, alert.Area.MunicipalityName));

        var s = alert.Statistics;
        Assert.Equal(cluster.Count, s.Total);
        Assert.Equal(lows.Count, s.Abnormal);
        Assert.Equal((double)lows.Count / cluster.Count, s.Proportion, 12);
        Assert.Equal(cluster.Average(f => f.Platelets), s.Mean!.Value, 6);
        Assert.Equal(SampleStandardDeviation(cluster.Select(f => f.Platelets).ToList()), s.StandardDeviation!.Value, 3);
        Assert.Equal((0, 0), (s.PreviousTotal, s.PreviousAbnormal));
        Assert.Null(s.PreviousProportion);
        Assert.Equal(Baseline, s.ReferenceProportion);
        var p = ReferenceBinomial.UpperTail(lows.Count, cluster.Count, Baseline);
        Assert.InRange(s.PValue, p * (1 - 1e-6), p * (1 + 1e-6));
        Assert.Equal((cluster[0].CollectedAt, now), (s.WindowStart, s.WindowEnd));
        Assert.Equal("/uL", s.Unit);

        // 40 % is at least twice the 15 % threshold, short of three times.
        Assert.Equal(AlertSeverity.High, alert.Severity);
        Assert.Equal(lows.Select(f => f.Id).Order(), change.NewEvidence.Order());
        Assert.Equal(lows.Count, alert.EvidenceCount);
        Assert.Equal(lows.Min(f => f.CollectedAt), alert.FirstCaseAt);
        Assert.Equal((now, now), (alert.RaisedAt, alert.UpdatedAt));
        Assert.Null(alert.ResolvedAt);
        Assert.Equal(["lab-1"], alert.ReportingLabs);
        Assert.StartsWith($"Surto detectado: {lows.Count} casos de plaquetas baixas nas últimas ", alert.Headline);
        Assert.EndsWith(" em raio de 50 km em torno de Contagem/MG", alert.Headline);
        Assert.Contains("dengue", alert.SuggestedAction);
        Assert.Equal(alert, Assert.Single(detector.ActiveAlerts));
    }

    [Fact]
    public void Streamed_cluster_raises_exactly_one_alert_as_soon_as_the_cases_become_significant()
    {
        var detector = Detector();
        var cluster = Series(Contagem, 50, TwoInFive, T0.AddHours(-5), TimeSpan.FromMinutes(6));

        // The first abnormal arrival where, among everything so far (fewer than 50), there are ≥ 5 cases, a share above
        // 15 % and a binomial p-value against 5 % at or below 0.001.
        var expectedAt = Enumerable.Range(0, cluster.Count).First(j =>
        {
            var seen = cluster.Take(j + 1).ToList();
            var cases = seen.Count(f => f.Low);
            return cluster[j].Low && cases >= 5 && (double)cases / seen.Count > Threshold
                && ReferenceBinomial.UpperTail(cases, seen.Count, Baseline) <= MaxPValue;
        });

        var changes = new List<(int Index, AlertChange Change)>();
        for (var i = 0; i < cluster.Count; i++)
            changes.AddRange(detector.Observe(cluster[i].Indexed, cluster[i].CollectedAt.AddSeconds(30)).Select(c => (i, c)));

        var raised = Assert.Single(changes, c => c.Change.NewVersion?.Version == 1);
        Assert.Equal(expectedAt, raised.Index);
        Assert.All(changes, c => Assert.Equal(raised.Change.AlertId, c.Change.AlertId));
        var seenAtRaise = cluster.Take(expectedAt + 1).ToList();
        Assert.Equal(seenAtRaise.Count, raised.Change.NewVersion!.Statistics.Total);
        Assert.Equal(seenAtRaise.Where(f => f.Low).Select(f => f.Id).Order(), raised.Change.NewEvidence.Order());
        // Every later case joins the same alert as evidence.
        Assert.Equal(cluster.Where(f => f.Low).Select(f => f.Id).Order(), changes.SelectMany(c => c.Change.NewEvidence).Order());
    }

    // ---- (b) growth versions the same alert; other lenses are absorbed ----

    [Fact]
    public void Growing_cluster_versions_the_same_alert_and_never_raises_a_second_one()
    {
        var detector = Detector();
        // 350 hemograms over 17.5 h in Contagem, one in seven in neighbouring Belo Horizonte (inside the 50 km circle).
        var series = Series(Contagem, 350, TwoInFive, T0.AddHours(-18), TimeSpan.FromMinutes(3), i => i % 7 == 3 ? BeloHorizonte : Contagem);
        foreach (var f in series.Take(49)) detector.Load(f.Indexed);

        var changes = new List<(Fed Arrived, AlertChange Change)>();
        foreach (var f in series.Skip(49))
            changes.AddRange(detector.Observe(f.Indexed, f.CollectedAt.AddMinutes(1)).Select(c => (f, c)));
        var end = series[^1].CollectedAt.AddMinutes(2);
        var tickChanges = detector.Tick(end);

        var versions = changes.Select(c => c.Change.NewVersion).OfType<OutbreakAlert>().ToList();
        var id = versions[0].Id;
        Assert.All(changes, c => Assert.Equal(id, c.Change.AlertId));
        Assert.Single(versions, v => v.Version == 1);
        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(v => v.Version));
        Assert.All(versions, v => Assert.Equal((AlertStatus.Active, DetectorKind.Radius), (v.Status, v.Detector)));

        // A version is published when the evidence has grown by at least 25 % since the last one.
        var lows = series.Count(f => f.Low);
        var expectedEvidence = new List<int> { 20 };
        while (Math.Ceiling(expectedEvidence[^1] * 1.25) is var next && next <= lows) expectedEvidence.Add((int)next);
        Assert.Equal(expectedEvidence, versions.Select(v => v.EvidenceCount));

        // Each later case arrives as new evidence of that alert, exactly once.
        var evidence = changes.SelectMany(c => c.Change.NewEvidence).ToList();
        Assert.Equal(series.Where(f => f.Low).Select(f => f.Id).Order(), evidence.Order());
        Assert.All(changes.Where(c => c.Arrived != series[49]),
            c => Assert.Equal(c.Arrived.Low ? [c.Arrived.Id] : [], c.Change.NewEvidence));

        // The municipality and state windows do signal this outbreak on their own, yet the Tick raised nothing new.
        var index = new HemogramIndex();
        var municipal = new RegionWindowDetector(DetectorKind.MunicipalityWindow, index, new CollectiveAnalysisOptions().Municipality, Baseline, MaxPValue);
        var state = new RegionWindowDetector(DetectorKind.StateWindow, index, new CollectiveAnalysisOptions().State, Baseline, MaxPValue);
        foreach (var f in series)
        {
            index.Add(f.Indexed);
            municipal.Add(RegionKey.Municipality(f.Indexed.MunicipalityCode), f.Indexed);
            state.Add(RegionKey.State(31), f.Indexed);
        }
        Assert.True(municipal.Evaluate(RegionKey.Municipality(3118601), PlateletsLow, end, withEvidence: false).Triggered);
        Assert.True(state.Evaluate(RegionKey.State(31), PlateletsLow, end, withEvidence: false).Triggered);
        Assert.DoesNotContain(tickChanges, c => c.NewVersion?.Version == 1);
        Assert.Equal(id, Assert.Single(detector.ActiveAlerts).Id);
    }

    [Fact]
    public void Restored_alert_keeps_its_id_and_collects_new_cases_after_a_restart()
    {
        var first = Detector();
        var series = Series(Contagem, 60, TwoInFive, T0.AddHours(-6), TimeSpan.FromMinutes(5));
        var raised = Assert.Single(LoadThenObserveLast(first, series.Take(50).ToList(), series[49].CollectedAt.AddMinutes(1)));

        var restarted = Detector();
        foreach (var f in series.Take(50)) restarted.Load(f.Indexed);
        restarted.Restore(raised.NewVersion!, raised.NewEvidence);
        var later = series.Skip(50).SelectMany(f => restarted.Observe(f.Indexed, f.CollectedAt.AddMinutes(1))).ToList();

        Assert.All(later, c => Assert.Equal(raised.AlertId, c.AlertId));
        Assert.DoesNotContain(later, c => c.NewVersion?.Version == 1);
        Assert.Equal(series.Skip(50).Where(f => f.Low).Select(f => f.Id).Order(), later.SelectMany(c => c.NewEvidence).Order());
    }

    // ---- (c) background noise ----

    [Fact]
    public void Background_of_three_percent_abnormal_across_many_municipalities_raises_nothing()
    {
        var detector = Detector();
        var places = Table.InState(31).Take(40).ToList();
        var series = Series(places[0], 2000, i => i % 33 == 0, T0.AddHours(-24), TimeSpan.FromSeconds(43), i => places[i % places.Count]);
        Assert.InRange(series.Count(f => f.Low) / (double)series.Count, 0.025, 0.035);

        var changes = new List<AlertChange>();
        for (var i = 0; i < series.Count; i++)
        {
            var now = series[i].CollectedAt.AddMinutes(1);
            changes.AddRange(detector.Observe(series[i].Indexed, now));
            if (i % 100 == 99) changes.AddRange(detector.Tick(now));
        }
        changes.AddRange(detector.Tick(series[^1].CollectedAt.AddMinutes(5)));

        Assert.Empty(changes);
        Assert.Empty(detector.ActiveAlerts);
    }

    // ---- (d) resolution ----

    [Fact]
    public void Alert_resolves_when_normal_results_push_the_share_below_the_resolve_level()
    {
        var detector = Detector();
        // Yesterday's cluster (outside today's municipality and state windows, inside the 72 h radius window)…
        var cluster = Series(Contagem, 50, TwoInFive, T0.AddHours(-40), TimeSpan.FromMinutes(6));
        var raised = Assert.Single(LoadThenObserveLast(detector, cluster, cluster[^1].CollectedAt.AddMinutes(1)));
        // …then today's normal results from the same area.
        var normals = Series(Contagem, 60, Never, T0.AddHours(-2), TimeSpan.FromMinutes(1));

        var all = new List<Fed>(cluster);
        int? resolvedAt = null, belowThresholdButOpenAt = null;
        for (var m = 0; m < normals.Count; m++)
        {
            all.Add(normals[m]);
            var now = normals[m].CollectedAt.AddSeconds(30);
            var changes = detector.Observe(normals[m].Indexed, now);
            var casesInLast50 = all.TakeLast(RecentCount).Count(f => f.Low);
            var share = (double)casesInLast50 / RecentCount;

            if (resolvedAt is null && share >= ResolveLevel)
            {
                Assert.Empty(changes);
                if (share < Threshold) belowThresholdButOpenAt ??= m;
            }
            else if (resolvedAt is null)
            {
                resolvedAt = m;
                var resolved = Assert.Single(changes).NewVersion;
                Assert.NotNull(resolved);
                Assert.Equal(raised.AlertId, resolved.Id);
                Assert.Equal((2, AlertStatus.Resolved), (resolved.Version, resolved.Status));
                Assert.Equal((now, now), (resolved.ResolvedAt, resolved.UpdatedAt));
                Assert.Equal(casesInLast50, resolved.Statistics.Abnormal);
                Assert.Equal(RecentCount, resolved.Statistics.Total);
                Assert.Equal("Surto encerrado: plaquetas baixas em raio de 50 km em torno de Contagem/MG", resolved.Headline);
                Assert.Empty(detector.ActiveAlerts);
            }
            else
            {
                Assert.Empty(changes);
            }
        }

        Assert.NotNull(resolvedAt);
        Assert.NotNull(belowThresholdButOpenAt); // hysteresis: under 15 % but above 11.25 % kept it open
    }

    [Fact]
    public void Alert_resolves_on_tick_once_its_cases_have_left_the_window()
    {
        var detector = Detector();
        var cluster = Series(Contagem, 50, TwoInFive, T0.AddHours(-5), TimeSpan.FromMinutes(6));
        var raisedAt = cluster[^1].CollectedAt.AddMinutes(1);
        var raised = Assert.Single(LoadThenObserveLast(detector, cluster, raisedAt));

        Assert.Empty(detector.Tick(raisedAt.AddHours(1)));

        var later = raisedAt.AddHours(73);
        var resolved = Assert.Single(detector.Tick(later)).NewVersion;
        Assert.NotNull(resolved);
        Assert.Equal((raised.AlertId, 2, AlertStatus.Resolved, later), (resolved.Id, resolved.Version, resolved.Status, resolved.ResolvedAt));
        Assert.Equal(0, resolved.Statistics.Total);
        Assert.Equal(AlertSeverity.High, resolved.Severity); // kept from the last active version
        Assert.Empty(detector.ActiveAlerts);
        Assert.Equal(0, detector.IndexedCount); // pruned past the horizon
    }

    [Fact]
    public void Alert_stays_open_while_its_municipality_window_still_signals_and_resolves_on_tick_after()
    {
        var detector = Detector();
        var cluster = Series(Contagem, 50, TwoInFive, T0.AddHours(-10), TimeSpan.FromMinutes(6));
        var raised = Assert.Single(LoadThenObserveLast(detector, cluster, cluster[^1].CollectedAt.AddMinutes(1)));
        var normals = Series(Contagem, 60, Never, T0.AddHours(-4), TimeSpan.FromMinutes(2));

        var changes = normals.SelectMany(f => detector.Observe(f.Indexed, f.CollectedAt.AddSeconds(30))).ToList();

        // The last 50 are all normal now, but today's Contagem window still holds 20 cases among 110 (18 %).
        var all = cluster.Concat(normals).ToList();
        Assert.True(all.TakeLast(RecentCount).Count(f => f.Low) / (double)RecentCount < ResolveLevel);
        Assert.True(all.Count(f => f.Low) / (double)all.Count > Threshold);
        Assert.Empty(changes);
        Assert.Equal(raised.AlertId, Assert.Single(detector.ActiveAlerts).Id);
        Assert.Empty(detector.Tick(T0));

        // A day later the municipality window has moved past the cases; the radius window (72 h) still shows the 50 normals.
        var resolved = Assert.Single(detector.Tick(T0.AddHours(30))).NewVersion;
        Assert.NotNull(resolved);
        Assert.Equal((raised.AlertId, AlertStatus.Resolved), (resolved.Id, resolved.Status));
        Assert.Equal((RecentCount, 0), (resolved.Statistics.Total, resolved.Statistics.Abnormal));
    }

    /// <summary>
    /// A Contagem alert from yesterday, a large outbreak in Uberlândia (450 km away) today, then sixty normal results in
    /// Contagem so that its last 50 hold no case. Returns the two alert ids and the changes the normals caused.
    /// </summary>
    static (Guid Contagem, Guid Uberlandia, List<AlertChange> Changes, OutbreakDetector Detector) ClearedAlertWithOutbreakElsewhere(
        Action<CollectiveAnalysisOptions>? configure = null)
    {
        var detector = Detector(configure);
        var contagem = Series(Contagem, 50, TwoInFive, T0.AddHours(-40), TimeSpan.FromMinutes(6));
        var contagemAlert = Assert.Single(LoadThenObserveLast(detector, contagem, contagem[^1].CollectedAt.AddMinutes(1)));
        // Enough volume and cases for the Minas Gerais state window to signal on its own.
        var uberlandia = Series(Uberlandia, 320, TwoInFive, T0.AddHours(-20), TimeSpan.FromMinutes(3.5), lab: "lab-2");
        var uberlandiaAlert = Assert.Single(LoadThenObserveLast(detector, uberlandia, uberlandia[^1].CollectedAt.AddMinutes(1)));
        Assert.NotEqual(contagemAlert.AlertId, uberlandiaAlert.AlertId);

        var normals = Series(Contagem, 60, Never, T0.AddMinutes(-50), TimeSpan.FromSeconds(30));
        var changes = normals.SelectMany(f => detector.Observe(f.Indexed, f.CollectedAt.AddSeconds(10))).ToList();
        return (contagemAlert.AlertId, uberlandiaAlert.AlertId, changes, detector);
    }

    [Fact]
    public void Cleared_alert_resolves_despite_an_outbreak_elsewhere_when_the_state_window_is_off()
    {
        var (contagem, uberlandia, changes, detector) = ClearedAlertWithOutbreakElsewhere(o => o.State.Enabled = false);

        Assert.Equal(contagem, Assert.Single(changes, c => c.NewVersion?.Status == AlertStatus.Resolved).AlertId);
        Assert.Equal(uberlandia, Assert.Single(detector.ActiveAlerts).Id);
    }

    [Fact]
    public void An_outbreak_elsewhere_in_the_state_does_not_keep_a_cleared_alert_open()
    {
        var (contagem, uberlandia, changes, detector) = ClearedAlertWithOutbreakElsewhere();

        Assert.Equal(contagem, Assert.Single(changes, c => c.NewVersion?.Status == AlertStatus.Resolved).AlertId);
        Assert.Equal(uberlandia, Assert.Single(detector.ActiveAlerts).Id);
    }

    // ---- (e) region windows: a rise against the previous window ----

    /// <summary>
    /// Radius detector off; a previous day (46–26 h ago) of <paramref name="previousTotal"/> Contagem hemograms with
    /// <paramref name="previousLow"/> platelets-low, then today's 50 at 40 %, the last one observed at T0, then a Tick.
    /// </summary>
    static (List<Fed> Previous, List<Fed> Current, List<AlertChange> Changes) RiseAgainstPreviousWindow(int previousTotal, int previousLow)
    {
        var detector = Detector(o => o.Radius.Enabled = false);
        var previous = Series(Contagem, previousTotal, i => i < previousLow, T0.AddHours(-46), TimeSpan.FromHours(20.0 / previousTotal));
        var current = Series(Contagem, 50, TwoInFive, T0.AddHours(-20), TimeSpan.FromMinutes(20));
        Assert.All(previous, f => Assert.InRange(f.CollectedAt, T0.AddHours(-47), T0.AddHours(-25)));
        foreach (var f in previous) detector.Load(f.Indexed);

        var changes = LoadThenObserveLast(detector, current, T0).Concat(detector.Tick(T0)).ToList();
        return (previous, current, changes);
    }

    [Theory]
    [InlineData(50, 20)] // yesterday already had 40 %: no rise
    [InlineData(50, 15)] // 30 % → 40 %: a rise, but not significant against 30 %
    public void Municipality_window_does_not_alert_without_a_significant_rise_over_the_previous_window(int previousTotal, int previousLow)
    {
        Assert.Empty(RiseAgainstPreviousWindow(previousTotal, previousLow).Changes);
    }

    [Theory]
    [InlineData(50, 2)]  // 4 % → 40 %: judged against the 5 % baseline
    [InlineData(20, 20)] // a thin previous window (under 30) falls back to the baseline
    public void Municipality_window_alerts_when_the_share_rose_over_the_previous_window(int previousTotal, int previousLow)
    {
        var (previous, current, changes) = RiseAgainstPreviousWindow(previousTotal, previousLow);

        var change = Assert.Single(changes);
        var alert = change.NewVersion!;
        Assert.Equal((1, DetectorKind.MunicipalityWindow, AreaKind.Municipality), (alert.Version, alert.Detector, alert.Area.Kind));
        Assert.Equal((3118601, "Contagem", Contagem.Centroid, 15.0), (alert.Area.MunicipalityCode, alert.Area.MunicipalityName, alert.Area.Centre, alert.Area.RadiusKm));
        var s = alert.Statistics;
        Assert.Equal((50, 20, previousTotal, previousLow), (s.Total, s.Abnormal, s.PreviousTotal, s.PreviousAbnormal));
        Assert.Equal(previousTotal >= 30 ? Math.Max(Baseline, (double)previousLow / previousTotal) : Baseline, s.ReferenceProportion, 12);
        Assert.Equal(current.Average(f => f.Platelets), s.Mean!.Value, 6);
        Assert.Equal(previous.Average(f => f.Platelets), s.PreviousMean!.Value, 6);
        // The window is the 24 hourly buckets ending with the current one.
        Assert.Equal(new DateTimeOffset(2025, 5, 31, 13, 0, 0, TimeSpan.Zero), s.WindowStart);
        Assert.Equal(current.Where(f => f.Low).Select(f => f.Id).Order(), change.NewEvidence.Order());
        var hours = Math.Ceiling((T0 - current.Where(f => f.Low).Min(f => f.CollectedAt)).TotalHours);
        Assert.Equal($"Surto detectado: 20 casos de plaquetas baixas nas últimas {hours} horas em Contagem/MG", alert.Headline);
    }

    [Fact]
    public void Municipality_window_alert_is_raised_on_tick_from_loaded_hemograms()
    {
        var detector = Detector(o => o.Radius.Enabled = false);
        var current = Series(Contagem, 50, TwoInFive, T0.AddHours(-20), TimeSpan.FromMinutes(20));
        foreach (var f in current) detector.Load(f.Indexed);

        var alert = Assert.Single(detector.Tick(T0)).NewVersion!;

        Assert.Equal((DetectorKind.MunicipalityWindow, 3118601, 50, 20), (alert.Detector, alert.Area.MunicipalityCode, alert.Statistics.Total, alert.Statistics.Abnormal));
        Assert.Empty(detector.Tick(T0.AddMinutes(1))); // the open alert absorbs the same signal on the next tick
    }

    // ---- (f) separate places ----

    [Fact]
    public void A_cluster_more_than_100_km_away_raises_a_second_separate_alert()
    {
        var detector = Detector();
        var contagem = Series(Contagem, 50, TwoInFive, T0.AddHours(-6), TimeSpan.FromMinutes(6));
        var uberlandia = Series(Uberlandia, 50, TwoInFive, T0.AddHours(-5), TimeSpan.FromMinutes(5), lab: "lab-2");
        Assert.True(Contagem.Centroid.DistanceKm(Uberlandia.Centroid) > 100);

        var first = Assert.Single(LoadThenObserveLast(detector, contagem, T0));
        var second = Assert.Single(LoadThenObserveLast(detector, uberlandia, T0.AddMinutes(1)));

        Assert.NotEqual(first.AlertId, second.AlertId);
        Assert.Equal((1, DetectorKind.Radius), (second.NewVersion!.Version, second.NewVersion.Detector));
        Assert.Equal((3170206, "Uberlândia"), (second.NewVersion.Area.MunicipalityCode, second.NewVersion.Area.MunicipalityName));
        Assert.Equal(["lab-2"], second.NewVersion.ReportingLabs);
        Assert.Equal(uberlandia.Where(f => f.Low).Select(f => f.Id).Order(), second.NewEvidence.Order());
        Assert.Equal(new[] { first.AlertId, second.AlertId }.Order(), detector.ActiveAlerts.Select(a => a.Id).Order());
        Assert.Equal(1, detector.ActiveAlerts.Single(a => a.Id == first.AlertId).Version); // untouched by the other cluster
    }

    [Fact]
    public void A_cluster_centred_outside_an_open_alert_raises_its_own_alert_even_if_the_circles_touch()
    {
        var detector = Detector();
        var contagem = Series(Contagem, 50, TwoInFive, T0.AddHours(-6), TimeSpan.FromMinutes(6));
        var seteLagoas = Series(SeteLagoas, 50, TwoInFive, T0.AddHours(-5), TimeSpan.FromMinutes(5));
        var first = Assert.Single(LoadThenObserveLast(detector, contagem, T0));
        var centre = first.NewVersion!.Area.Centre;
        Assert.All(seteLagoas, f => Assert.InRange(f.Indexed.Location.DistanceKm(centre), 50, 100));

        var second = Assert.Single(LoadThenObserveLast(detector, seteLagoas, T0.AddMinutes(1)));

        Assert.NotEqual(first.AlertId, second.AlertId);
        Assert.Equal(1, second.NewVersion!.Version);
        Assert.Equal(2, detector.ActiveAlerts.Count());
    }

    [Fact]
    public void Other_conditions_are_detected_independently_of_an_open_alert()
    {
        var detector = Detector();
        var contagem = Series(Contagem, 50, TwoInFive, T0.AddHours(-6), TimeSpan.FromMinutes(6));
        Assert.Single(LoadThenObserveLast(detector, contagem, T0));

        // Fifty leukocyte counts in the same place, 40 % high.
        var leukocytes = Enumerable.Range(0, 50).Select(i =>
        {
            var high = TwoInFive(i);
            var value = high ? 16_000.0 : 7_000.0;
            return TestHemograms.Indexed(contagem[i].Indexed.Location, T0.AddMinutes(i - 50), [new Measurement(HemogramParameter.Leukocytes, value)],
                high ? [TestHemograms.High(HemogramParameter.Leukocytes, value)] : null);
        }).ToList();
        foreach (var h in leukocytes.Take(49)) detector.Load(h);
        var raised = Assert.Single(detector.Observe(leukocytes[^1], T0.AddMinutes(1))).NewVersion!;

        Assert.Equal(new Condition(HemogramParameter.Leukocytes, Direction.High), raised.Condition);
        Assert.Equal(2, detector.ActiveAlerts.Count());
    }
}
