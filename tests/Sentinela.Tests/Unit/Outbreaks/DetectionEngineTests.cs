using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Analysis.Scan;
using Sentinela.Server.Analysis.Silence;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Unit.Outbreaks;

/// <summary>The whole decision over counters, day by day on data time: signals, one alert per outbreak, its versions and its end.</summary>
public sealed class DetectionEngineTests
{
    const int Contagem = 3118601, BeloHorizonte = 3106200, Betim = 3106705, Uberlandia = 3170206, Ibirite = 3129806, Sabara = 3156700;
    static readonly int[] Metro = [BeloHorizonte, Contagem, Betim, Ibirite, Sabara];
    static readonly DateTimeOffset Start = new(2026, 9, 1, 0, 0, 0, TimeSpan.FromHours(-3));
    const int HistoryDays = 70;

    readonly DetectionEngine _engine;
    readonly SyntheticCounts _counts;

    public DetectionEngineTests()
    {
        var detection = new DetectionOptions { ScanInterval = TimeSpan.Zero, MinVersionInterval = TimeSpan.FromHours(6) };
        var baseline = new BaselineOptions { PriorRates = { ["platelets-low"] = 0.05 } };
        _engine = new DetectionEngine(detection, baseline, new ScanOptions(), new FeedSilenceOptions(), ReferenceData.Municipalities, [], Start);
        _counts = new SyntheticCounts(_engine.Counts, seed: 42);
    }

    int Day(int offset) => AnalysisDay.Of(Start) + offset;

    DateTimeOffset Evening(int offset) => AnalysisDay.Start(Day(offset)).AddHours(20);

    /// <summary>Normal traffic in the metro area and Uberlândia from day <paramref name="fromOffset"/> to <paramref name="toOffset"/> (the table moves there first).</summary>
    void Background(int fromOffset, int toOffset)
    {
        _engine.Counts.MoveTo(Day(toOffset));
        foreach (var m in Metro.Append(Uberlandia))
            _counts.Days(m, Day(fromOffset), Day(toOffset), tests: m == BeloHorizonte ? 300 : 80, share: 0.05, rho: 0.01);
    }

    IReadOnlyList<OutbreakAlert> DecideOn(int offset) => _engine.Decide(Evening(offset));

    [Fact]
    public void Normal_traffic_over_weeks_raises_nothing()
    {
        Background(-HistoryDays + 5, 0);

        Assert.Empty(DecideOn(0));
        Background(1, 1);
        Assert.Empty(DecideOn(1));
    }

    [Fact]
    public void An_outbreak_in_neighbouring_municipalities_raises_one_alert_that_covers_them_and_tells_their_numbers()
    {
        Background(-HistoryDays + 5, 0);
        foreach (var m in new[] { Contagem, Betim }) _counts.Day(m, Day(-1), 40, 16).Day(m, Day(0), 40, 18);

        var alert = Assert.Single(DecideOn(0));

        Assert.Equal((AlertType.Outbreak, AlertStatus.Active, 1, DetectorKind.SpaceTimeScan), (alert.Type, alert.Status, alert.Version, alert.Detector));
        Assert.Equal(SyntheticCounts.PlateletsLow, alert.Condition);
        Assert.Contains(Contagem, alert.Area.Municipalities);
        Assert.Contains(Betim, alert.Area.Municipalities);
        Assert.DoesNotContain(Uberlandia, alert.Area.Municipalities);
        var s = alert.Statistics;
        var firstDay = AnalysisDay.Of(s.WindowStart);
        Assert.Equal(Evening(0), s.WindowEnd);
        Assert.Equal(alert.Area.Municipalities.Sum(m => Enumerable.Range(firstDay, Day(0) - firstDay + 1)
            .Sum(d => _engine.Counts.Value(m, d, CountSlots.Abnormal(SyntheticCounts.PlateletsLow)))), s.Observed);
        Assert.Equal(Math.Round(s.Observed - s.Expected, 2), s.Excess, 2);
        Assert.Equal(Math.Round(s.Observed / s.Expected, 2), s.Ratio, 2);
        Assert.True(s.Ratio > 3);
        Assert.True(s.PValue < 0.05);
        Assert.NotNull(s.RecurrenceIntervalDays);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.StartsWith($"Surto detectado: {s.Observed} casos de plaquetas baixas em ", alert.Headline);
    }

    [Fact]
    public void A_growing_outbreak_is_one_alert_with_versions_and_it_resolves_once_its_area_is_back_to_expected()
    {
        Background(-HistoryDays + 5, 0);
        _counts.Day(Contagem, Day(0), 80, 40);
        var raised = Assert.Single(DecideOn(0));

        var versions = new List<OutbreakAlert>();
        for (var d = 1; d <= 8; d++)
        {
            Background(d, d);
            if (d <= 2) _counts.Day(Contagem, Day(d), 80, 40).Day(Betim, Day(d), 80, 40);
            versions.AddRange(DecideOn(d));
        }

        Assert.All(versions, v => Assert.Equal(raised.Id, v.Id));
        Assert.Equal(Enumerable.Range(2, versions.Count), versions.Select(v => v.Version));
        Assert.Contains(Betim, versions[0].Area.Municipalities);
        var resolved = versions[^1];
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.NotNull(resolved.ResolvedAt);
        Assert.StartsWith("Surto encerrado", resolved.Headline);
        Assert.Empty(_engine.Tracker.Open);
        Assert.Empty(DecideOn(8));
    }

    [Fact]
    public void A_second_cluster_overlapping_an_open_alert_extends_it_rather_than_raising_another()
    {
        Background(-HistoryDays + 5, 0);
        _counts.Day(Contagem, Day(0), 80, 40);
        var first = Assert.Single(DecideOn(0));
        Assert.Equal([Contagem], first.Area.Municipalities);

        Background(1, 1);
        _counts.Day(Contagem, Day(1), 80, 40).Day(Betim, Day(1), 80, 40).Day(Ibirite, Day(1), 80, 40);
        var next = Assert.Single(DecideOn(1));

        Assert.Equal((first.Id, 2), (next.Id, next.Version));
        Assert.Equal(AreaKind.Cluster, next.Area.Kind);
        Assert.Equal(Contagem, next.Area.Municipalities[0]);
        Assert.Contains(Betim, next.Area.Municipalities);
        Assert.Single(_engine.Tracker.Open);
    }

    [Fact]
    public void An_excess_that_ended_days_ago_raises_nothing_now()
    {
        for (var d = -HistoryDays + 5; d <= 0; d++) _counts.Day(Contagem, Day(d), 80, 4);
        _counts.Day(Contagem, Day(-6), 80, 40).Day(Contagem, Day(-5), 80, 40);

        Assert.Empty(DecideOn(0));
    }

    [Theory]
    [InlineData(18, false)]
    [InlineData(40, true)]
    public void After_an_alert_resolves_only_the_days_after_it_can_raise_it_again(int casesTheDayAfter, bool raised)
    {
        Background(-HistoryDays + 5, 0);
        var outbreak = new List<OutbreakAlert>();
        var day = 0;
        for (; day < 3; day++)
        {
            if (day > 0) Background(day, day);
            _counts.Day(Contagem, Day(day), 80, 40);
            outbreak.AddRange(DecideOn(day));
        }
        for (; outbreak[^1].Status != AlertStatus.Resolved; day++)
        {
            Assert.True(day < 20, "the outbreak never resolved");
            Background(day, day);
            outbreak.AddRange(DecideOn(day));
        }

        // One high day after the resolution: alone it is no outbreak, but a window reaching back over the outbreak it
        // just closed would raise that again at once.
        Background(day, day);
        _counts.Day(Contagem, Day(day), 80, casesTheDayAfter);
        var next = DecideOn(day);

        if (!raised)
        {
            Assert.Empty(next);
            return;
        }
        var again = Assert.Single(next);
        Assert.NotEqual(outbreak[0].Id, again.Id);
        Assert.Equal(Day(day), AnalysisDay.Of(again.Statistics.WindowStart));
    }

    [Fact]
    public void Results_amended_or_retracted_after_the_alert_make_a_new_version_at_once()
    {
        Background(-HistoryDays + 5, 0);
        _counts.Day(Contagem, Day(0), 80, 40);
        var raised = Assert.Single(DecideOn(0));

        // A laboratory retracts half of the day's abnormal results, minutes later (well inside MinVersionInterval).
        var row = _engine.Counts.Row(Contagem, Day(0)).ToArray();
        row[CountSlots.Abnormal(SyntheticCounts.PlateletsLow)] -= 20;
        _engine.Counts.Set(Contagem, Day(0), row);
        var revised = Assert.Single(_engine.Decide(Evening(0).AddMinutes(5)));

        Assert.Equal((raised.Id, 2, AlertStatus.Active), (revised.Id, revised.Version, revised.Status));
        Assert.Equal(raised.Statistics.Observed - 20, revised.Statistics.Observed);
        Assert.Empty(_engine.Decide(Evening(0).AddMinutes(10)));
    }

    [Fact]
    public void The_same_input_decided_at_the_same_data_time_gives_the_same_alert_ids()
    {
        Background(-HistoryDays + 5, 0);
        _counts.Day(Contagem, Day(0), 80, 40);
        var other = new DetectionEngine(new DetectionOptions { ScanInterval = TimeSpan.Zero }, new BaselineOptions { PriorRates = { ["platelets-low"] = 0.05 } },
            new ScanOptions(), new FeedSilenceOptions(), ReferenceData.Municipalities, [], Start);
        foreach (var m in _engine.Counts.Municipalities)
            for (var d = _engine.Counts.FirstDay; d <= _engine.Counts.LastDay; d++) other.Counts.Set(m, d, _engine.Counts.Row(m, d));

        var mine = Assert.Single(DecideOn(0));
        var theirs = Assert.Single(other.Decide(Evening(0)));

        Assert.Equal(mine, theirs with { Area = mine.Area });
        Assert.Equal(mine.Area.Municipalities, theirs.Area.Municipalities);
    }
}
