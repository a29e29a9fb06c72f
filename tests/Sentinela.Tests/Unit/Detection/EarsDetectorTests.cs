using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Tests.Unit.Detection;

public sealed class EarsDetectorTests
{
    static SeriesDay Day(int abnormal, int tests = 20) => new(tests, abnormal, 0.1);

    static SeriesDay[] Noise(int days) => [.. Enumerable.Range(0, days).Select(i => Day(new[] { 2, 1, 3, 2, 2, 1, 3 }[i % 7]))];

    [Theory]
    [InlineData(EarsMethod.C1)]
    [InlineData(EarsMethod.C2)]
    [InlineData(EarsMethod.C3)]
    public void All_zero_series_never_alarms(EarsMethod method)
    {
        var score = new EarsDetector(new EarsOptions { Method = method }).Evaluate([.. Enumerable.Repeat(Day(0), 30)], rho: 0);

        Assert.False(score.Alarm);
        Assert.Equal(1, score.PValue);
    }

    [Fact]
    public void Flat_baseline_alarms_on_any_rise_unless_min_sigma_floors_the_sd()
    {
        SeriesDay[] series = [.. Enumerable.Repeat(Day(0), 10), Day(1)];

        var bare = new EarsDetector(new EarsOptions()).Evaluate(series, rho: 0);
        var floored = new EarsDetector(new EarsOptions { MinSigma = 0.02 }).Evaluate(series, rho: 0);

        // sd 0: the bound is the baseline mean, 0 %, and 1 of 20 exceeds it. With the floor it is 3.09·0.02 = 6.2 % > 5 %.
        Assert.True(bare.Alarm);
        Assert.Equal(0, bare.PValue);
        Assert.False(floored.Alarm);
        Tolerance.AssertClose(0.05 / 0.02, floored.Statistic, 1e-12);
    }

    [Theory]
    [InlineData(EarsMethod.C1, 8)]
    [InlineData(EarsMethod.C2, 10)]
    [InlineData(EarsMethod.C3, 12)]
    public void Series_shorter_than_earsC_first_monitored_day_is_not_evaluated(EarsMethod method, int minimum)
    {
        var detector = new EarsDetector(new EarsOptions { Method = method });

        var tooShort = detector.Evaluate(Noise(minimum - 1), rho: 0);
        var enough = detector.Evaluate(Noise(minimum), rho: 0);

        Assert.True(double.IsNaN(tooShort.Statistic));
        Assert.False(tooShort.Alarm);
        Assert.Equal(1, tooShort.PValue);
        Assert.False(double.IsNaN(enough.Statistic));
    }

    [Theory]
    [InlineData(EarsMethod.C1)]
    [InlineData(EarsMethod.C2)]
    [InlineData(EarsMethod.C3)]
    public void Days_without_tests_are_skipped_rather_than_read_as_zero_percent(EarsMethod method)
    {
        var detector = new EarsDetector(new EarsOptions { Method = method });
        SeriesDay[] dense = [.. Noise(14), Day(9)];
        SeriesDay[] gappy = [.. dense[..5], new(0, 0, 0.1), .. dense[5..10], new(0, 0, 0.1), new(0, 0, 0.1), .. dense[10..]];

        var expected = detector.Evaluate(dense, rho: 0);
        var actual = detector.Evaluate(gappy, rho: 0);

        Assert.Equal(expected.Statistic, actual.Statistic);
        Assert.Equal(expected.Alarm, actual.Alarm);
        Assert.Equal(expected.PValue, actual.PValue);
    }

    [Fact]
    public void Today_without_tests_is_not_evaluated()
    {
        var score = new EarsDetector(new EarsOptions()).Evaluate([.. Noise(14), new(0, 0, 0.1)], rho: 0);

        Assert.True(double.IsNaN(score.Statistic));
        Assert.False(score.Alarm);
        Assert.Equal(1, score.PValue);
    }

    [Fact]
    public void C1_statistic_is_todays_distance_from_the_baseline_mean_in_sds()
    {
        // Baseline 2,1,3,2,2,1,3 of 20: mean 2/20, sd √(4/6)/20; today 9 of 20.
        var score = new EarsDetector(new EarsOptions()).Evaluate([.. Noise(7), Day(9)], rho: 0);

        Tolerance.AssertClose((9 - 2.0) / Math.Sqrt(4.0 / 6), score.Statistic, 1e-12);
        Tolerance.AssertClose(3.090232306167813, score.Threshold, 1e-12);
        Assert.True(score.Alarm);
        Assert.Equal(1, score.WindowDays);
        Assert.Equal(9, score.Observed);
        Tolerance.AssertClose(2, score.Expected, 1e-12);
    }

    [Fact]
    public void C3_as_earsC_computes_it_alarms_the_day_after_a_jump_and_spans_three_days_with_tests()
    {
        var detector = new EarsDetector(new EarsOptions { Method = EarsMethod.C3 });
        SeriesDay[] jump = [.. Noise(14), Day(9)];
        SeriesDay[] next = [.. jump, new(0, 0, 0.1), Day(2)];

        var onJump = detector.Evaluate(jump, rho: 0);
        var after = detector.Evaluate(next, rho: 0);

        // R's bound for day t is y_t + s_t·(z − L_t), L_t from days t−2 and t−1 only: the jump itself cannot alarm.
        Assert.False(onJump.Alarm);
        Assert.True(after.Alarm);
        Assert.True(after.Statistic > after.Threshold);
        Assert.True(after.PValue < 0.025);
        // The last three days with tests (13, 14 and 16, 0-based) span four calendar days.
        Assert.Equal(4, after.WindowDays);
        Assert.Equal(3 + 9 + 2, after.Observed);
    }

    [Theory]
    [InlineData(2, null, 0.0)]
    [InlineData(7, 0.0, 0.0)]
    [InlineData(7, 0.5, 0.0)]
    [InlineData(7, null, -1.0)]
    public void Options_outside_their_range_are_rejected(int baseline, double? alpha, double minSigma)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarsDetector(new EarsOptions { Baseline = baseline, Alpha = alpha, MinSigma = minSigma }));
    }
}
