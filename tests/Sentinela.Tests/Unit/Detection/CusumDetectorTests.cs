using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Tests.Unit.Detection;

public sealed class CusumDetectorTests
{
    static readonly CusumDetector Detector = new(new CusumOptions());

    static SeriesDay[] Days(int count, int tests, int abnormal, double p) => [.. Enumerable.Repeat(new SeriesDay(tests, abnormal, p), count)];

    [Fact]
    public void Binomial_log_likelihood_ratio_is_the_hand_computed_one()
    {
        // p0 = 0.1, p1 = 0.2, 20 of 100: 20·ln 2 + 80·ln(0.8/0.9).
        Tolerance.AssertClose(4.440300758688235, CusumDetector.LogLikelihoodRatio(new SeriesDay(100, 20, 0.1), rho: 0, relativeRisk: 2), 1e-12);
    }

    [Fact]
    public void A_series_at_its_expectation_stays_at_zero_with_a_one_day_window()
    {
        var score = Detector.Evaluate(Days(30, 100, 10, 0.1), rho: 0.01);

        Assert.Equal(0, score.Statistic);
        Assert.False(score.Alarm);
        Assert.Equal(1, score.WindowDays);
        Assert.Equal(10, score.Observed);
    }

    [Fact]
    public void A_doubling_alarms_and_the_window_covers_the_days_of_excess()
    {
        SeriesDay[] series = [.. Days(30, 100, 10, 0.1), .. Days(3, 100, 20, 0.1)];

        var score = Detector.Evaluate(series, rho: 0);

        Tolerance.AssertClose(3 * 4.440300758688235, score.Statistic, 1e-12);
        Assert.True(score.Alarm);
        Assert.Equal(3, score.WindowDays);
        Assert.Equal(60, score.Observed);
        Tolerance.AssertClose(30, score.Expected, 1e-12);
        Assert.Equal(ExcessProbability.OfWindow(series.AsSpan(30), 0), score.PValue);
        Assert.True(score.PValue < 1e-6);
    }

    [Fact]
    public void Overdispersion_weakens_the_evidence_of_the_same_counts()
    {
        SeriesDay[] series = [.. Days(30, 100, 10, 0.1), .. Days(3, 100, 20, 0.1)];

        var binomial = Detector.Evaluate(series, rho: 0);
        var overdispersed = Detector.Evaluate(series, rho: 0.05);

        Assert.True(overdispersed.Statistic < binomial.Statistic);
        Assert.True(overdispersed.PValue > binomial.PValue);
    }

    [Fact]
    public void A_vanishing_rho_gives_the_binomial_statistic()
    {
        SeriesDay[] series = [.. Days(10, 300, 30, 0.1), .. Days(3, 300, 48, 0.1)];

        Tolerance.AssertClose(Detector.Evaluate(series, 0).Statistic, Detector.Evaluate(series, 1e-12).Statistic, 1e-8);
    }

    [Fact]
    public void Days_without_tests_leave_the_statistic_unchanged_and_widen_the_window()
    {
        SeriesDay[] series = [.. Days(5, 100, 10, 0.1), new(100, 20, 0.1), new(0, 0, 0.1), new(0, 0, 0.1), new(100, 20, 0.1)];

        var score = Detector.Evaluate(series, rho: 0);

        Tolerance.AssertClose(2 * 4.440300758688235, score.Statistic, 1e-12);
        Assert.Equal(4, score.WindowDays);
        Assert.Equal(40, score.Observed);
    }

    [Fact]
    public void Today_without_tests_is_not_evaluated()
    {
        SeriesDay[] series = [.. Days(5, 100, 30, 0.1), new(0, 0, 0.1)];

        var score = Detector.Evaluate(series, rho: 0);

        Assert.True(double.IsNaN(score.Statistic));
        Assert.False(score.Alarm);
        Assert.Equal(1, score.PValue);
    }

    [Fact]
    public void With_reset_after_alarm_the_statistic_restarts_the_next_day()
    {
        var detector = new CusumDetector(new CusumOptions { ResetAfterAlarm = true });
        SeriesDay[] series = [.. Days(2, 100, 20, 0.1), new(100, 20, 0.1)];

        var score = detector.Evaluate(series, rho: 0);

        // 2·4.44 = 8.88 > 5 alarms on day 2, so day 3 starts again from 0.
        Tolerance.AssertClose(4.440300758688235, score.Statistic, 1e-12);
        Assert.False(score.Alarm);
        Assert.Equal(1, score.WindowDays);
    }

    [Fact]
    public void An_expected_proportion_too_high_to_exceed_adds_no_evidence()
    {
        Assert.Equal(0, CusumDetector.LogLikelihoodRatio(new SeriesDay(100, 100, 0.96), rho: 0, relativeRisk: 2));
    }

    [Fact]
    public void Huge_daily_counts_give_a_finite_statistic_and_p_value()
    {
        SeriesDay[] series = [.. Days(20, 1_000_000, 50_000, 0.05), new(1_000_000, 52_000, 0.05)];

        var score = Detector.Evaluate(series, rho: 1e-6);

        // A 4 % rise is no doubling: the CUSUM stays at 0, while today's own tail (z ≈ 6.5) is tiny but not 0.
        Assert.Equal(0, score.Statistic);
        Assert.True(score.PValue is > 0 and < 1e-6);
    }

    [Fact]
    public void Sparse_series_with_zeros_stays_quiet_and_finite()
    {
        SeriesDay[] series = [.. Enumerable.Range(0, 71).Select(i => i % 7 == 6 ? new SeriesDay(0, 0, 0.05) : new SeriesDay(8, i % 5 == 0 ? 1 : 0, 0.05))];

        var score = Detector.Evaluate(series, rho: 0.05);

        Assert.False(score.Alarm);
        Assert.True(double.IsFinite(score.Statistic));
        Assert.InRange(score.PValue, 0, 1);
    }

    [Theory]
    [InlineData(10, 11, 0.1)]
    [InlineData(10, -1, 0.1)]
    [InlineData(10, 1, 0.0)]
    [InlineData(10, 1, 1.0)]
    [InlineData(-1, 0, 0.1)]
    public void A_day_that_no_baseline_model_could_produce_is_rejected(int tests, int abnormal, double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Detector.Evaluate([new SeriesDay(tests, abnormal, p)], rho: 0));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_rho_outside_zero_one_is_rejected(double rho)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Detector.Evaluate([new SeriesDay(10, 1, 0.1)], rho));
    }
}
