namespace Sentinela.Server.Analysis.Detection;

/// <summary>
/// One-sided p-values of an excess: P(Y ≥ observed) for the abnormal results Y of one day or of a window of independent
/// days, each beta-binomial with n tests, expected proportion p and intra-day correlation ρ
/// (mean n·p, variance n·p·(1−p)·(1 + (n−1)·ρ)).
/// </summary>
/// <remarks>
/// One day is exact (binomial at ρ = 0, beta-binomial otherwise). A sum of days has no closed form; it is approximated
/// by one beta-binomial on the pooled tests N = Σn with the sum's mean Σ n·p and variance Σ n·p·(1−p)·(1+(n−1)ρ).
/// That is exact when the window has one day with tests, and for binomial days sharing one p. Against the exact
/// convolution (scripts/reference/detectors.R, tails.csv) it is within 2 % above 0.01 and errs on the large
/// (conservative) side further out (up to 1.6×), closer than the moment-matched negative binomial in every checked case
/// but one tie. When the days' proportions differ and ρ = 0 the sum is less dispersed than any binomial on N; the
/// binomial with the pooled proportion is then used, slightly conservative. Results are never NaN and never rise with
/// <c>observed</c>.
/// </remarks>
public static class ExcessProbability
{
    /// <summary>P(Y ≥ <paramref name="observed"/>) for Y ~ BetaBinomial(<paramref name="tests"/>, <paramref name="proportion"/>, <paramref name="rho"/>).</summary>
    public static double OfDay(int observed, int tests, double proportion, double rho)
    {
        if (observed <= 0) return 1;
        if (observed > tests) return 0;
        Check(proportion, rho);
        return BetaBinomialMath.UpperTail(observed, tests, proportion, rho);
    }

    /// <summary>
    /// P(Y ≥ <paramref name="observed"/>) for a sum of independent days with <paramref name="tests"/> tests in all,
    /// expectation <paramref name="expected"/> (Σ n·p) and variance <paramref name="variance"/> (Σ n·p·(1−p)·(1+(n−1)ρ)),
    /// by the moment-matched beta-binomial on the pooled tests.
    /// </summary>
    public static double OfSum(int observed, int tests, double expected, double variance)
    {
        if (observed <= 0) return 1;
        if (observed > tests) return 0;
        var proportion = expected / tests;
        if (!(proportion > 0 && proportion < 1)) throw new ArgumentOutOfRangeException(nameof(expected), expected, "expected / tests must be in (0, 1).");
        if (!(variance >= 0)) throw new ArgumentOutOfRangeException(nameof(variance), variance, "The variance must be positive.");
        // Var = N·p̄·(1−p̄)·(1 + (N−1)·ρ'); a variance under the binomial's leaves ρ' = 0. ρ' stays below 1 for any
        // variance a sum of beta-binomial days can have (at most N²·p̄·(1−p̄)).
        var binomialVariance = expected * (1 - proportion);
        var pooledRho = tests > 1 && variance > binomialVariance
            ? Math.Min((variance / binomialVariance - 1) / (tests - 1), 1 - 1e-12)
            : 0;
        return BetaBinomialMath.UpperTail(observed, tests, proportion, pooledRho);
    }

    /// <summary>
    /// P(Y ≥ Σ abnormal) for the days of <paramref name="window"/>: exact when a single day has tests, the moment-matched
    /// pooled beta-binomial (<see cref="OfSum"/>) otherwise. Days without tests are left out.
    /// </summary>
    public static double OfWindow(ReadOnlySpan<SeriesDay> window, double rho)
    {
        int tests = 0, observed = 0, daysWithTests = 0;
        double expected = 0, variance = 0;
        var single = default(SeriesDay);
        foreach (var day in window)
        {
            if (day.Tests == 0) continue;
            Check(day.ExpectedProportion, rho);
            daysWithTests++;
            single = day;
            tests += day.Tests;
            observed += day.Abnormal;
            expected += day.Tests * day.ExpectedProportion;
            variance += SeriesChecks.Variance(day, rho);
        }
        return daysWithTests switch
        {
            0 => 1,
            1 => OfDay(single.Abnormal, single.Tests, single.ExpectedProportion, rho),
            _ => OfSum(observed, tests, expected, variance),
        };
    }

    static void Check(double proportion, double rho)
    {
        if (!(proportion > 0 && proportion < 1)) throw new ArgumentOutOfRangeException(nameof(proportion), proportion, "The proportion must be in (0, 1).");
        if (!(rho >= 0 && rho < 1)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be in [0, 1).");
    }
}
