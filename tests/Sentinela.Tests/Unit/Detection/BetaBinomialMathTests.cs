using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Tests.Unit.Detection;

public sealed class BetaBinomialMathTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(3.7)]
    [InlineData(9.99)]
    [InlineData(10)]
    [InlineData(89.1)]
    [InlineData(1_234.5)]
    [InlineData(1e6)]
    [InlineData(9e8)]
    public void Log_rising_factorial_matches_the_sum_of_logarithms_on_every_branch(double x)
    {
        foreach (var m in new[] { 0, 1, 5, 16, 17, 40, 90, 500, 5_000 })
        {
            double sum = 0;
            for (var i = 0; i < m; i++) sum += Math.Log(x + i);
            Tolerance.AssertClose(sum, BetaBinomialMath.LogRisingFactorial(x, m), 1e-13, 1e-13, $"x={x} m={m}");
        }
    }

    [Fact]
    public void Log1p_keeps_tiny_arguments()
    {
        Assert.Equal(1e-20, BetaBinomialMath.Log1P(1e-20));
        Tolerance.AssertClose(Math.Log(1.5), BetaBinomialMath.Log1P(0.5), 1e-15);
        Tolerance.AssertClose(-1e-10 - 5e-21, BetaBinomialMath.Log1P(-1e-10), 1e-15);
    }

    [Fact]
    public void Beta_binomial_pmf_sums_to_one()
    {
        foreach (var (n, p, rho) in new[] { (20, 0.05, 0.05), (3, 0.5, 0.9), (500, 0.3, 0.002), (1000, 0.1, 1e-9) })
        {
            double total = 0;
            for (var k = 0; k <= n; k++) total += Math.Exp(BetaBinomialMath.LogPmf(k, n, p, rho));
            // ln C(1000, k) reads ln k! from GammaLn, whose ~1e-15 relative error on ln 500! ≈ 2,600 leaves ~3e-12.
            Tolerance.AssertClose(1, total, 1e-11, context: $"n={n} p={p} rho={rho}");
        }
    }
}
