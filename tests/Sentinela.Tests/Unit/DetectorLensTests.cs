using Sentinela.Geography;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Unit;

/// <summary>The two lenses the outbreak detector combines, each on its own: the radius detector and the region windows.</summary>
public sealed class DetectorLensTests
{
    static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 30, 0, TimeSpan.Zero);
    static readonly GeoPoint Contagem = new(-19.93, -44.05);
    static readonly Condition PlateletsLow = new(HemogramParameter.Platelets, Direction.Low);

    static IndexedHemogram Platelets(bool low, DateTimeOffset at, int municipality = 3118601) =>
        TestHemograms.Indexed(Contagem, at, [new Measurement(HemogramParameter.Platelets, low ? 80_000 : 250_000)],
            low ? [TestHemograms.Low(HemogramParameter.Platelets, 80_000)] : null, municipalityCode: municipality);

    /// <summary>n hemograms a minute apart ending just before now, the newest <paramref name="lowNewest"/> of them low.</summary>
    static List<IndexedHemogram> Recent(int n, int lowNewest) =>
        Enumerable.Range(0, n).Select(i => Platelets(i >= n - lowNewest, Now.AddMinutes(i - n))).ToList();

    static Evaluation Radius(IEnumerable<IndexedHemogram> hemograms, RadiusDetectorOptions? options = null)
    {
        var index = new HemogramIndex();
        foreach (var h in hemograms) index.Add(h);
        return new RadiusDetector(index, options ?? new RadiusDetectorOptions(), 0.05, 0.001).Evaluate(Contagem, PlateletsLow, Now);
    }

    [Fact]
    public void Radius_share_must_exceed_the_threshold_strictly()
    {
        var options = new RadiusDetectorOptions { Threshold = 0.2 };

        var atThreshold = Radius(Recent(50, 10), options);
        var above = Radius(Recent(50, 11), options);

        Assert.Equal((10, 0.2), (atThreshold.Statistics.Abnormal, atThreshold.Statistics.Proportion));
        Assert.True(atThreshold.Statistics.PValue <= 0.001); // significant, yet not above the threshold
        Assert.False(atThreshold.Triggered);
        Assert.True(above.Triggered);
    }

    [Fact]
    public void Radius_needs_the_minimum_number_of_cases()
    {
        var four = Radius(Recent(4, 4));
        var five = Radius(Recent(5, 5));

        Assert.Equal((4, 1.0), (four.Statistics.Abnormal, four.Statistics.Proportion));
        Assert.False(four.Triggered);
        Assert.True(five.Triggered);
    }

    [Fact]
    public void Radius_needs_a_significant_p_value()
    {
        // 6 of 30 is 20 %, above the threshold, but P(X ≥ 6 | 30, 5 %) ≈ 0.016.
        var evaluation = Radius(Recent(30, 6));

        Assert.Equal(ReferenceBinomial.UpperTail(6, 30, 0.05), evaluation.Statistics.PValue, 9);
        Assert.False(evaluation.Triggered);
    }

    [Fact]
    public void Radius_compares_the_newest_hemograms_with_the_ones_before_them()
    {
        // 70 hemograms: the older 20 all low, the newest 50 with 8 low.
        var hemograms = Enumerable.Range(0, 70).Select(i => Platelets(i < 20 || i >= 62, Now.AddMinutes(i - 70))).ToList();

        var e = Radius(hemograms);

        Assert.Equal((50, 8, 20, 20), (e.Statistics.Total, e.Statistics.Abnormal, e.Statistics.PreviousTotal, e.Statistics.PreviousAbnormal));
        Assert.Equal(1.0, e.Statistics.PreviousProportion);
        Assert.Equal(hemograms.Skip(62).Select(h => h.Id).Order(), e.AbnormalCases.Select(h => h.Id).Order());
    }

    [Fact]
    public void Radius_ignores_hemograms_older_than_its_window()
    {
        var old = Enumerable.Range(0, 20).Select(i => Platelets(true, Now.AddHours(-73).AddMinutes(i)));
        var fresh = Recent(30, 0);

        var e = Radius(old.Concat(fresh));

        Assert.Equal((30, 0), (e.Statistics.Total, e.Statistics.Abnormal));
        Assert.Equal(0, e.Statistics.PreviousTotal);
    }

    // ---- region windows ----

    static (RegionWindowDetector Detector, HemogramIndex Index) Region(IEnumerable<IndexedHemogram> hemograms)
    {
        var index = new HemogramIndex();
        var detector = new RegionWindowDetector(DetectorKind.MunicipalityWindow, index, new RegionWindowOptions(), 0.05, 0.001);
        foreach (var h in hemograms)
        {
            index.Add(h);
            detector.Add(RegionKey.Municipality(h.MunicipalityCode), h);
        }
        return (detector, index);
    }

    [Fact]
    public void Region_window_needs_the_minimum_volume()
    {
        var (thin, _) = Region(Recent(29, 29));
        var (enough, _) = Region(Recent(30, 10));

        Assert.False(thin.Evaluate(RegionKey.Municipality(3118601), PlateletsLow, Now, withEvidence: false).Triggered);
        Assert.True(enough.Evaluate(RegionKey.Municipality(3118601), PlateletsLow, Now, withEvidence: false).Triggered);
    }

    [Fact]
    public void Region_window_counts_only_its_own_region()
    {
        var here = Recent(40, 12);
        var elsewhere = Enumerable.Range(0, 40).Select(i => Platelets(false, Now.AddMinutes(-i - 1), municipality: 3106200));
        var (detector, _) = Region(here.Concat(elsewhere));

        var e = detector.Evaluate(RegionKey.Municipality(3118601), PlateletsLow, Now, withEvidence: true);

        Assert.Equal((40, 12), (e.Statistics.Total, e.Statistics.Abnormal));
        Assert.Equal(here.TakeLast(12).Select(h => h.Id).Order(), e.AbnormalCases.Select(h => h.Id).Order());
    }

    [Fact]
    public void Region_window_gathers_cases_only_when_asked_and_triggered()
    {
        var key = RegionKey.Municipality(3118601);
        var (quiet, _) = Region(Recent(40, 4)); // 10 %: no signal
        var (cluster, _) = Region(Recent(40, 16)); // 40 %: a signal

        Assert.Empty(quiet.Evaluate(key, PlateletsLow, Now, withEvidence: true).AbnormalCases);
        Assert.Empty(cluster.Evaluate(key, PlateletsLow, Now, withEvidence: false).AbnormalCases);
        var triggered = cluster.Evaluate(key, PlateletsLow, Now, withEvidence: true);
        Assert.True(triggered.Triggered);
        Assert.Equal(16, triggered.AbnormalCases.Count);
    }
}
