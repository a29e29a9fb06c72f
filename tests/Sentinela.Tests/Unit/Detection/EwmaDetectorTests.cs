using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Tests.Unit.Detection;

/// <summary>The EWMA against values worked out by hand (no R reference exists for it here).</summary>
public sealed class EwmaDetectorTests
{
    static readonly EwmaDetector Detector = new(new EwmaOptions());

    // 100 tests a day at p = 0.1, ρ = 0: sd = √(100·0.1·0.9) = 3, so 10, 16, 19 abnormal are residuals 0, 2, 3.
    static SeriesDay Day(int abnormal) => new(100, abnormal, 0.1);

    [Fact]
    public void Statistic_is_the_smoothed_residual_over_its_exact_sd_after_t_days()
    {
        // E = 0, 0.4·2 = 0.8, 0.4·3 + 0.6·0.8 = 1.68; Var(E_3) = 0.4/1.6·(1 − 0.6⁶) = 0.238336, sd 0.488196681676555.
        var score = Detector.Evaluate([Day(10), Day(16), Day(19)], rho: 0);

        Tolerance.AssertClose(1.68 / 0.48819668167655544, score.Statistic, 1e-12);
        Tolerance.AssertClose(0.0002895316086096391, score.PValue, 1e-9);
        Tolerance.AssertClose(2.3263478740408408, score.Threshold, 1e-12);
        Assert.True(score.Alarm);
        // The smoothed excess was 0 after day 1 and positive since: the window is days 2 and 3.
        Assert.Equal(2, score.WindowDays);
        Assert.Equal(35, score.Observed);
        Tolerance.AssertClose(20, score.Expected, 1e-12);
    }

    [Fact]
    public void First_day_statistic_is_the_standardised_residual()
    {
        // sd(E_1) = λ, so E_1 / sd = z: (16 − 10) / 3 = 2.
        Tolerance.AssertClose(2, Detector.Evaluate([Day(16)], rho: 0).Statistic, 1e-12);
    }

    [Fact]
    public void Residuals_are_standardised_with_the_beta_binomial_variance()
    {
        // Var = 100·0.1·0.9·(1 + 99·0.01) = 17.91, so 19 abnormal is z = 9/√17.91.
        Tolerance.AssertClose(9 / Math.Sqrt(17.91), Detector.Evaluate([Day(19)], rho: 0.01).Statistic, 1e-12);
    }

    [Fact]
    public void A_past_extreme_day_is_pulled_back_to_the_alarm_limit_before_it_is_carried_forward()
    {
        // Day 1: z = 10, statistic 10 > 2.326, so E_1 becomes 2.326·0.4; two days at z = 0 leave 0.36 of it:
        // 0.334994093861881 / 0.488196681676555 = 0.686186748978815 (uncapped it would be 2.9496, nearly an alarm).
        var score = Detector.Evaluate([Day(40), Day(10), Day(10)], rho: 0);

        Tolerance.AssertClose(0.686186748978815, score.Statistic, 1e-12);
        Assert.False(score.Alarm);
    }

    [Fact]
    public void Today_is_not_capped()
    {
        Tolerance.AssertClose(10, Detector.Evaluate([Day(40)], rho: 0).Statistic, 1e-12);
    }

    [Fact]
    public void Days_without_tests_neither_update_nor_decay_the_average()
    {
        var without = Detector.Evaluate([Day(10), Day(16), Day(19)], rho: 0);
        var with = Detector.Evaluate([Day(10), new(0, 0, 0.1), Day(16), new(0, 0, 0.1), Day(19)], rho: 0);

        Assert.Equal(without.Statistic, with.Statistic);
        Assert.Equal(4, with.WindowDays);
        Assert.Equal(without.Observed, with.Observed);
    }

    [Fact]
    public void Lambda_one_judges_today_alone()
    {
        var detector = new EwmaDetector(new EwmaOptions { Lambda = 1 });

        Tolerance.AssertClose(3, detector.Evaluate([Day(40), Day(16), Day(19)], rho: 0).Statistic, 1e-12);
    }

    [Fact]
    public void A_deficit_today_has_a_one_day_window_and_a_large_p_value()
    {
        var score = Detector.Evaluate([Day(10), Day(4)], rho: 0);

        Assert.True(score.Statistic < 0);
        Assert.Equal(1, score.WindowDays);
        Assert.True(score.PValue > 0.5);
    }

    [Fact]
    public void Today_without_tests_is_not_evaluated()
    {
        var score = Detector.Evaluate([Day(19), Day(30), new(0, 0, 0.1)], rho: 0);

        Assert.True(double.IsNaN(score.Statistic));
        Assert.False(score.Alarm);
        Assert.Equal(1, score.PValue);
    }

    [Theory]
    [InlineData(0.0, 0.01)]
    [InlineData(1.5, 0.01)]
    [InlineData(0.4, 0.0)]
    [InlineData(0.4, 0.5)]
    public void Options_outside_their_range_are_rejected(double lambda, double alarmPValue)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EwmaDetector(new EwmaOptions { Lambda = lambda, AlarmPValue = alarmPValue }));
    }
}
