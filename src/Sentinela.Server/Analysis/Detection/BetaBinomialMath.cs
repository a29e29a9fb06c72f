using MathNet.Numerics;

namespace Sentinela.Server.Analysis.Detection;

/// <summary>
/// The beta-binomial (and, at ρ = 0, binomial) log-likelihood and upper tail, in the parameterisation the baseline model
/// uses: mean proportion p and intra-day correlation ρ, so α = p·(1/ρ − 1), β = (1 − p)·(1/ρ − 1).
/// </summary>
/// <remarks>
/// MathNet's <c>BetaBinomial</c> builds its log-pmf from differences of <c>GammaLn</c>, which cancel catastrophically
/// when α and β are large (ρ near 0, the usual case: at ρ = 1e-6 they lose ~1e-9 absolute on a log-likelihood ratio of
/// order 1). Here every ln Γ(x + m) − ln Γ(x) goes through <see cref="LogRisingFactorial"/>, which is accurate for any
/// x, so the beta-binomial tends smoothly to the binomial and the CUSUM needs no switch between them.
/// </remarks>
internal static class BetaBinomialMath
{
    // Below this ρ the beta-binomial's extra variance, (n−1)·ρ, is under 1e-10 for any realistic n, and 1/ρ − 1 would
    // approach double's range: such a ρ is the binomial.
    const double BinomialBelow = 1e-15;

    /// <summary>ln(1 + x) without losing x when it is tiny (Goldberg's correction; .NET has no accurate log1p).</summary>
    public static double Log1P(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>ln Γ(x + m) − ln Γ(x) = ln(x·(x+1)···(x+m−1)) for x &gt; 0, m ≥ 0.</summary>
    public static double LogRisingFactorial(double x, int m)
    {
        if (m == 0) return 0;
        if (m <= 16)
        {
            double product = 1;
            for (var i = 0; i < m; i++) product *= x + i;
            // A product of 16 factors overflows only beyond x ≈ 1e19; then sum the logarithms instead.
            if (double.IsFinite(product)) return Math.Log(product);
            double sum = 0;
            for (var i = 0; i < m; i++) sum += Math.Log(x + i);
            return sum;
        }
        // For small x, ln Γ(x) is small and the difference cannot cancel.
        if (x < 10) return SpecialFunctions.GammaLn(x + m) - SpecialFunctions.GammaLn(x);
        // Otherwise Stirling's series for both, with the large terms combined before they can cancel. It is also a
        // quarter of the cost of two GammaLn, which dominate the beta-binomial CUSUM.
        return (x - 0.5) * Log1P(m / x) + m * Math.Log(x + m) - m + StirlingRemainder(x + m) - StirlingRemainder(x);
    }

    // ln Γ(z) − [(z − ½)·ln z − z + ½·ln 2π] by its asymptotic series to z⁻⁹; the truncation error is below 2e-14 for z ≥ 10.
    static double StirlingRemainder(double z)
    {
        var inverse = 1 / z;
        var inverseSquared = inverse * inverse;
        return inverse * (1.0 / 12 - inverseSquared * (1.0 / 360 - inverseSquared * (1.0 / 1260 - inverseSquared * (1.0 / 1680 - inverseSquared / 1188))));
    }

    /// <summary>ln C(n, k), accurate for any n (built on the smaller side, so huge n with small k does not cancel).</summary>
    public static double LogChoose(int n, int k)
    {
        var m = Math.Min(k, n - k);
        return LogRisingFactorial(n - m + 1, m) - SpecialFunctions.FactorialLn(m);
    }

    /// <summary>ln P(Y = k) − ln C(n, k).</summary>
    static double LogKernel(int k, int n, double p, double rho)
    {
        if (rho < BinomialBelow) return k * Math.Log(p) + (n - k) * Log1P(-p);
        var scale = 1 / rho - 1;
        var alpha = p * scale;
        var beta = (1 - p) * scale;
        return LogRisingFactorial(alpha, k) + LogRisingFactorial(beta, n - k) - LogRisingFactorial(alpha + beta, n);
    }

    /// <summary>
    /// ln P(Y = k; p1) − ln P(Y = k; p0) at the same n and ρ: the binomial coefficient cancels, and so does the
    /// ln Γ(α+β+n) − ln Γ(α+β) term, α + β = 1/ρ − 1 being the same under both (half the work of two log-pmfs).
    /// </summary>
    public static double LogLikelihoodRatio(int k, int n, double p1, double p0, double rho)
    {
        if (rho < BinomialBelow) return k * Math.Log(p1 / p0) + (n - k) * (Log1P(-p1) - Log1P(-p0));
        var scale = 1 / rho - 1;
        return LogRisingFactorial(p1 * scale, k) - LogRisingFactorial(p0 * scale, k)
            + LogRisingFactorial((1 - p1) * scale, n - k) - LogRisingFactorial((1 - p0) * scale, n - k);
    }

    /// <summary>ln P(Y = k) for Y ~ BetaBinomial(n, p, ρ).</summary>
    public static double LogPmf(int k, int n, double p, double rho) => LogChoose(n, k) + LogKernel(k, n, p, rho);

    /// <summary>
    /// P(Y ≥ k) for Y ~ BetaBinomial(n, p, ρ), ρ ≥ 0. Above the mean the tail is summed term by term from k upwards, so
    /// tiny probabilities keep their relative accuracy; at or below the mean it is 1 − P(Y &lt; k), summed downwards.
    /// </summary>
    public static double UpperTail(int k, int n, double p, double rho)
    {
        if (k <= 0) return 1;
        if (k > n) return 0;
        if (rho < BinomialBelow)
            // The binomial tail is a regularised incomplete beta function: P(Y ≥ k) = I_p(k, n − k + 1).
            return SpecialFunctions.BetaRegularized(k, n - k + 1, p);
        var scale = 1 / rho - 1;
        var alpha = p * scale;
        var beta = (1 - p) * scale;
        return k > n * p
            ? Math.Min(1, SumTerms(k, n, alpha, beta, rho, p, upwards: true))
            : Math.Max(0, 1 - SumTerms(k - 1, n, alpha, beta, rho, p, upwards: false));
    }

    // Σ P(Y = x) from x = start towards n (upwards) or towards 0, each term from the previous by the pmf's ratio
    // P(x+1)/P(x) = (n−x)(x+α) / ((x+1)(n−x−1+β)). Terms are kept relative to the first, which is applied at the end,
    // so a first term far below double's range still yields the right (tiny) sum.
    static double SumTerms(int start, int n, double alpha, double beta, double rho, double p, bool upwards)
    {
        // With α, β ≥ 1 the pmf is log-concave: past the mode the ratios only shrink, so the rest of the tail is bounded
        // by a geometric series and the sum can stop. Otherwise (a J- or U-shaped pmf) every term is summed.
        var logConcave = alpha >= 1 && beta >= 1;
        double sum = 1, term = 1, logScale = LogPmf(start, n, p, rho);
        var x = start;
        while (upwards ? x < n : x > 0)
        {
            var ratio = upwards
                ? (n - x) * (x + alpha) / ((x + 1) * (n - x - 1 + beta))
                : x * (n - x + beta) / ((n - x + 1) * (x - 1 + alpha));
            term *= ratio;
            sum += term;
            x += upwards ? 1 : -1;
            if (logConcave && ratio < 1 && term * ratio / (1 - ratio) <= sum * 1e-17) break;
            if (sum > 1e250)
            {
                // A U-shaped pmf can grow by hundreds of orders of magnitude towards its far end: rescale before overflow.
                sum *= 1e-250;
                term *= 1e-250;
                logScale += 250 * Math.Log(10);
            }
        }
        return Math.Exp(logScale + Math.Log(sum));
    }
}
