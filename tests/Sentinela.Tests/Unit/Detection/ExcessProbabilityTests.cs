using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Tests.Unit.Detection;

public sealed class ExcessProbabilityTests
{
    static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Tails =
        GoldenFiles.Read("tails.csv").ToDictionary(r => r["case"]);

    public static TheoryData<string> DayCases() => [.. Tails.Values.Where(r => r["kind"] != "sum").Select(r => r["case"])];

    public static TheoryData<string> SumCases() => [.. Tails.Values.Where(r => r["kind"] == "sum").Select(r => r["case"])];

    [Theory]
    [MemberData(nameof(DayCases))]
    public void One_day_tail_matches_R_pbinom_or_the_exact_beta_binomial_sum(string name)
    {
        var row = Tails[name];
        var tail = ExcessProbability.OfDay(GoldenFiles.Int(row["observed"]), GoldenFiles.Int(row["tests"]),
            GoldenFiles.Number(row["proportions"]), GoldenFiles.Number(row["rho"]));

        Tolerance.AssertClose(GoldenFiles.Number(row["value"]), tail, 1e-9, context: name);
    }

    [Theory]
    [MemberData(nameof(SumCases))]
    public void Window_tail_matches_R_pooled_beta_binomial(string name)
    {
        var row = Tails[name];
        var window = Window(row);

        Tolerance.AssertClose(GoldenFiles.Number(row["value"]), ExcessProbability.OfWindow(window, GoldenFiles.Number(row["rho"])), 1e-9, context: name);
    }

    [Theory]
    [MemberData(nameof(SumCases))]
    public void Pooled_approximation_stays_near_the_exact_convolution_and_errs_conservative_in_the_tail(string name)
    {
        var row = Tails[name];
        var exact = GoldenFiles.Number(row["exact"]);
        var approximate = ExcessProbability.OfWindow(Window(row), GoldenFiles.Number(row["rho"]));

        if (exact >= 0.01) Assert.InRange(approximate / exact, 0.98, 1.02);
        else Assert.InRange(approximate / exact, 1 - 1e-9, 1.6);
    }

    [Theory]
    [InlineData(20, 0.05, 0.0)]
    [InlineData(20, 0.05, 0.05)]
    [InlineData(12, 0.06, 0.5)]
    [InlineData(3, 0.5, 0.9)]
    [InlineData(1000, 0.001, 0.01)]
    [InlineData(500, 0.3, 0.002)]
    [InlineData(5000, 0.1, 1e-9)]
    [InlineData(2000, 0.02, 0.2)]
    public void One_day_tail_is_a_probability_that_never_rises_with_the_observed_count(int tests, double p, double rho)
    {
        var previous = 1.0;
        for (var k = -1; k <= tests + 1; k++)
        {
            var tail = ExcessProbability.OfDay(k, tests, p, rho);
            Assert.True(tail is >= 0 and <= 1, $"k={k}: {tail}");
            Assert.True(tail <= previous * (1 + 1e-12) + 1e-15, $"k={k}: {tail} > {previous}");
            previous = tail;
        }
        Assert.Equal(1, ExcessProbability.OfDay(0, tests, p, rho));
        Assert.Equal(0, ExcessProbability.OfDay(tests + 1, tests, p, rho));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.3)]
    public void Window_tail_never_rises_with_the_observed_count(double rho)
    {
        int[] tests = [40, 0, 55, 61, 38];
        var previous = 1.0;
        for (var k = 0; k <= tests.Sum() + 1; k++)
        {
            var tail = ExcessProbability.OfSum(k, tests.Sum(), 0.1 * tests.Sum(), tests.Sum(n => n * 0.1 * 0.9 * (1 + Math.Max(n - 1, 0) * rho)));
            Assert.True(tail is >= 0 and <= 1 && !double.IsNaN(tail), $"k={k}: {tail}");
            Assert.True(tail <= previous * (1 + 1e-12) + 1e-15, $"k={k}: {tail} > {previous}");
            previous = tail;
        }
    }

    [Fact]
    public void Tiny_rho_gives_the_binomial_tail()
    {
        foreach (var k in new[] { 1, 100, 130, 180 })
            Tolerance.AssertClose(ExcessProbability.OfDay(k, 1000, 0.1, 0), ExcessProbability.OfDay(k, 1000, 0.1, 1e-14), 1e-9, context: $"k={k}");
    }

    [Fact]
    public void Huge_daily_counts_give_finite_tails_far_below_the_mean_and_far_above_it()
    {
        // Mean 100,000, sd ≈ 1,413 with ρ = 1e-5 (ρ·n = 20 inflates the binomial variance 21-fold).
        Assert.True(ExcessProbability.OfDay(1, 2_000_000, 0.05, 1e-5) > 0.999999);
        var far = ExcessProbability.OfDay(112_000, 2_000_000, 0.05, 1e-5);
        Assert.True(far is > 0 and < 1e-12, far.ToString("R"));
        Assert.True(ExcessProbability.OfDay(112_000, 2_000_000, 0.05, 0) < far);
    }

    [Fact]
    public void A_window_without_tests_is_no_evidence()
    {
        SeriesDay[] window = [new(0, 0, 0.1), new(0, 0, 0.2)];

        Assert.Equal(1, ExcessProbability.OfWindow(window, 0.05));
        Assert.Equal(1, ExcessProbability.OfWindow([], 0.05));
    }

    [Fact]
    public void A_window_with_one_day_of_tests_is_that_day_exactly()
    {
        SeriesDay[] window = [new(0, 0, 0.1), new(40, 9, 0.1), new(0, 0, 0.1)];

        Assert.Equal(ExcessProbability.OfDay(9, 40, 0.1, 0.02), ExcessProbability.OfWindow(window, 0.02));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_proportion_outside_zero_one_is_rejected(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExcessProbability.OfDay(1, 10, p, 0));
    }

    // The golden sums list tests and proportions per day; the abnormal results are spread over the days, in order.
    static SeriesDay[] Window(IReadOnlyDictionary<string, string> row)
    {
        var tests = row["tests"].Split(' ').Select(GoldenFiles.Int).ToArray();
        var proportions = row["proportions"].Split(' ').Select(GoldenFiles.Number).ToArray();
        var remaining = GoldenFiles.Int(row["observed"]);
        var window = new SeriesDay[tests.Length];
        for (var i = 0; i < tests.Length; i++)
        {
            var abnormal = Math.Min(remaining, tests[i]);
            remaining -= abnormal;
            window[i] = new SeriesDay(tests[i], abnormal, proportions[i]);
        }
        return window;
    }
}
