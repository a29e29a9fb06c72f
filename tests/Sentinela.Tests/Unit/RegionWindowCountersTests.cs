using Sentinela.Geography;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Unit;

public sealed class RegionWindowCountersTests
{
    static readonly DateTimeOffset Midnight = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly GeoPoint Contagem = new(-19.93, -44.05);
    static readonly RegionKey ContagemKey = RegionKey.Municipality(3118601);
    static readonly RegionKey MinasGerais = RegionKey.State(31);

    readonly RegionWindowCounters _counters = new(TimeSpan.FromHours(1));

    static IndexedHemogram Platelets(double value, DateTimeOffset at, bool low = false, bool high = false) =>
        TestHemograms.Indexed(Contagem, at, [new Measurement(HemogramParameter.Platelets, value)],
            low ? [TestHemograms.Low(HemogramParameter.Platelets, value)] : high ? [TestHemograms.High(HemogramParameter.Platelets, value)] : null);

    long Slot(double hoursAfterMidnight) => _counters.SlotOf(Midnight.AddHours(hoursAfterMidnight));

    [Fact]
    public void Sum_adds_exactly_the_buckets_in_the_slot_range()
    {
        _counters.Add(ContagemKey, Platelets(100_000, Midnight.AddHours(0.5), low: true));
        _counters.Add(ContagemKey, Platelets(200_000, Midnight.AddHours(1.5)));
        _counters.Add(ContagemKey, Platelets(300_000, Midnight.AddHours(2.5)));
        _counters.Add(ContagemKey, Platelets(500_000, Midnight.AddHours(2.9), high: true));

        var firstTwo = _counters.Sum(ContagemKey, HemogramParameter.Platelets, Slot(0.5), Slot(1.5));
        var lastTwo = _counters.Sum(ContagemKey, HemogramParameter.Platelets, Slot(1.5), Slot(2.5));
        var all = _counters.Sum(ContagemKey, HemogramParameter.Platelets, Slot(-10), Slot(10));

        Assert.Equal((2, 1, 0, 150_000.0), (firstTwo.Values.Count, firstTwo.Low, firstTwo.High, firstTwo.Values.Mean!.Value));
        Assert.Equal((3, 0, 1), (lastTwo.Values.Count, lastTwo.Low, lastTwo.High));
        Assert.Equal((4, 1, 1), (all.Values.Count, all.Abnormal(Direction.Low), all.Abnormal(Direction.High)));
        Assert.Equal(0, _counters.Sum(ContagemKey, HemogramParameter.Platelets, Slot(3.5), Slot(10)).Values.Count);
    }

    [Fact]
    public void Moments_give_the_mean_and_sample_standard_deviation()
    {
        double[] values = [90_000, 120_000, 180_000, 240_000, 310_000, 95_500];
        for (var i = 0; i < values.Length; i++) _counters.Add(ContagemKey, Platelets(values[i], Midnight.AddMinutes(7 * i)));

        var sum = _counters.Sum(ContagemKey, HemogramParameter.Platelets, Slot(0), Slot(1));

        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.Equal(mean, sum.Values.Mean!.Value, 1e-6);
        Assert.Equal(sd, sum.Values.StandardDeviation!.Value, 1e-4);
    }

    [Fact]
    public void Each_measured_parameter_is_counted_separately_and_unmeasured_ones_not_at_all()
    {
        var h = TestHemograms.Indexed(Contagem, Midnight.AddMinutes(10),
            [new Measurement(HemogramParameter.Platelets, 90_000), new Measurement(HemogramParameter.Leukocytes, 15_000)],
            [TestHemograms.Low(HemogramParameter.Platelets, 90_000), TestHemograms.High(HemogramParameter.Leukocytes, 15_000)]);
        _counters.Add(ContagemKey, h);

        var platelets = _counters.Sum(ContagemKey, HemogramParameter.Platelets, Slot(0), Slot(0));
        var leukocytes = _counters.Sum(ContagemKey, HemogramParameter.Leukocytes, Slot(0), Slot(0));
        var hemoglobin = _counters.Sum(ContagemKey, HemogramParameter.Hemoglobin, Slot(0), Slot(0));

        Assert.Equal((1, 1, 0), (platelets.Values.Count, platelets.Low, platelets.High));
        Assert.Equal((1, 0, 1), (leukocytes.Values.Count, leukocytes.Low, leukocytes.High));
        Assert.Equal(0, hemoglobin.Values.Count);
        Assert.Null(hemoglobin.Values.Mean);
        Assert.Null(platelets.Values.StandardDeviation); // a single value has no sample deviation
    }

    [Fact]
    public void Regions_are_counted_separately()
    {
        _counters.Add(ContagemKey, Platelets(100_000, Midnight, low: true));
        _counters.Add(MinasGerais, Platelets(100_000, Midnight, low: true));
        _counters.Add(MinasGerais, Platelets(200_000, Midnight));

        Assert.Equal(1, _counters.Sum(ContagemKey, HemogramParameter.Platelets, Slot(0), Slot(0)).Values.Count);
        Assert.Equal(2, _counters.Sum(MinasGerais, HemogramParameter.Platelets, Slot(0), Slot(0)).Values.Count);
        Assert.Equal(0, _counters.Sum(RegionKey.Municipality(3106200), HemogramParameter.Platelets, Slot(0), Slot(0)).Values.Count);
    }

    [Fact]
    public void Active_since_lists_regions_with_a_hemogram_collected_at_or_after_the_time()
    {
        var belo = RegionKey.Municipality(3106200);
        _counters.Add(ContagemKey, Platelets(200_000, Midnight.AddHours(1)));
        _counters.Add(belo, Platelets(200_000, Midnight.AddHours(5)));
        _counters.Add(belo, Platelets(200_000, Midnight.AddHours(2))); // late arrival does not move the last time back

        Assert.Equal([belo], _counters.ActiveSince(Midnight.AddHours(2)));
        Assert.Equal([belo], _counters.ActiveSince(Midnight.AddHours(5)));
        Assert.Equal(new[] { belo, ContagemKey }.OrderBy(k => k.Code), _counters.ActiveSince(Midnight.AddHours(1)).OrderBy(k => k.Code));
        Assert.Empty(_counters.ActiveSince(Midnight.AddHours(5.5)));
    }

    [Fact]
    public void Prune_drops_buckets_before_the_cutoff_slot_and_regions_gone_quiet()
    {
        var belo = RegionKey.Municipality(3106200);
        _counters.Add(ContagemKey, Platelets(100_000, Midnight.AddHours(0.5), low: true));
        _counters.Add(ContagemKey, Platelets(200_000, Midnight.AddHours(3.5)));
        _counters.Add(belo, Platelets(200_000, Midnight.AddHours(1.2)));

        _counters.Prune(Midnight.AddHours(2));

        var remaining = _counters.Sum(ContagemKey, HemogramParameter.Platelets, Slot(-100), Slot(100));
        Assert.Equal((1, 0), (remaining.Values.Count, remaining.Low));
        Assert.Equal(0, _counters.Sum(belo, HemogramParameter.Platelets, Slot(-100), Slot(100)).Values.Count);
        Assert.Equal([ContagemKey], _counters.ActiveSince(DateTimeOffset.MinValue));
    }

    [Fact]
    public void Slots_follow_utc_whatever_the_offset_and_start_on_the_bucket_boundary()
    {
        var utc = new DateTimeOffset(2025, 6, 1, 14, 20, 0, TimeSpan.Zero);
        var brasilia = utc.ToOffset(TimeSpan.FromHours(-3));

        var slot = _counters.SlotOf(utc);

        Assert.Equal(slot, _counters.SlotOf(brasilia));
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 14, 0, 0, TimeSpan.Zero), _counters.StartOf(slot));
        Assert.Equal(slot + 1, _counters.SlotOf(new DateTimeOffset(2025, 6, 1, 15, 0, 0, TimeSpan.Zero)));
    }
}
