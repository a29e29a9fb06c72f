using Sentinela.Server.Analysis.Collective;

namespace Sentinela.Tests.Unit;

public sealed class BinomialTestTests
{
    static void AssertRelativelyClose(double expected, double actual, double relative)
    {
        var tolerance = Math.Max(Math.Abs(expected) * relative, 1e-300);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void Upper_tail_matches_the_exact_sum_for_small_samples()
    {
        foreach (var p in new[] { 0.01, 0.05, 0.15, 0.4, 0.5, 0.9 })
            for (var n = 1; n <= 60; n++)
                for (var k = 1; k <= n; k++)
                    AssertRelativelyClose(ReferenceBinomial.UpperTail(k, n, p), BinomialTest.UpperTail(k, n, p), 1e-9);
    }

    [Theory]
    // Reference values computed with exact rational arithmetic (sum of C(n,i)·p^i·(1−p)^(n−i) as fractions).
    [InlineData(6, 50, 0.05, 0.037776172989777285)]
    [InlineData(8, 50, 0.05, 0.0031883432222975824)]
    [InlineData(9, 50, 0.05, 0.000755984691221475)]
    [InlineData(250, 5000, 0.05, 0.509060323633842)]
    [InlineData(300, 5000, 0.05, 0.0008783392813567511)]
    [InlineData(400, 5000, 0.05, 1.4923470092752287e-19)]
    public void Upper_tail_matches_exact_reference_values(int k, int n, double p, double expected)
    {
        AssertRelativelyClose(expected, BinomialTest.UpperTail(k, n, p), 1e-8);
    }

    [Theory]
    [InlineData(0, 50, 0.05)]
    [InlineData(-3, 50, 0.05)]
    [InlineData(0, 0, 0.5)]
    public void At_least_zero_is_certain(int k, int n, double p)
    {
        Assert.Equal(1.0, BinomialTest.UpperTail(k, n, p));
    }

    [Theory]
    [InlineData(51, 50, 0.05)]
    [InlineData(1, 0, 0.5)]
    [InlineData(51, 50, 1.0)]
    public void More_successes_than_trials_is_impossible(int k, int n, double p)
    {
        Assert.Equal(0.0, BinomialTest.UpperTail(k, n, p));
    }

    [Fact]
    public void With_p_zero_any_success_is_impossible_and_with_p_one_it_is_certain()
    {
        Assert.Equal(0.0, BinomialTest.UpperTail(1, 50, 0));
        Assert.Equal(1.0, BinomialTest.UpperTail(50, 50, 1));
        Assert.Equal(1.0, BinomialTest.UpperTail(1, 50, 1));
    }

    [Fact]
    public void All_successes_has_probability_p_to_the_n()
    {
        AssertRelativelyClose(Math.Pow(0.05, 10), BinomialTest.UpperTail(10, 10, 0.05), 1e-9);
    }

    [Fact]
    public void Large_samples_give_finite_probabilities_that_never_rise_with_k_beyond_rounding()
    {
        const int n = 5000;
        var previous = double.PositiveInfinity;
        for (var k = 0; k <= n + 1; k++)
        {
            var tail = BinomialTest.UpperTail(k, n, 0.05);
            Assert.True(double.IsFinite(tail) && tail is >= 0 and <= 1, $"k={k}: {tail}");
            // Summing thousands of terms from a log-factorial start leaves ~1e-12 of rounding; a real rise would be far larger.
            Assert.True(tail <= previous + 1e-9, $"k={k}: {tail} > {previous}");
            previous = tail;
        }
    }

    // Regression: the tail used to start from pmf(k), which underflows to 0 far below the mean of a large sample.
    [Theory]
    [InlineData(1, 2000, 0.5)]
    [InlineData(10, 5000, 0.3)]
    [InlineData(1, 20000, 0.05)]
    public void Upper_tail_below_the_mean_of_a_large_sample_is_near_one(int k, int n, double p)
    {
        Assert.True(BinomialTest.UpperTail(k, n, p) > 0.999);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.05)]
    public void Large_samples_never_rise_with_k_for_any_p(double p)
    {
        const int n = 20_000;
        var previous = double.PositiveInfinity;
        for (var k = 0; k <= n; k += 53)
        {
            var tail = BinomialTest.UpperTail(k, n, p);
            Assert.True(double.IsFinite(tail) && tail is >= 0 and <= 1, $"k={k}: {tail}");
            Assert.True(tail <= previous + 1e-9, $"k={k}: {tail} > {previous}");
            previous = tail;
        }
    }
}
