using MathNet.Numerics.Distributions;

namespace Sentinela.Server.Analysis.Scan;

/// <summary>
/// Binomial draws for the scan's null worlds, fast enough for tens of thousands per replicate. Hand-written because
/// MathNet's <c>Binomial.Sample</c> flips n coins (O(n): a city's 400 tests a day is 400 random numbers): small n keeps
/// it; a small mean uses inversion (O(mean)); a large variance uses the normal approximation with continuity rounding,
/// whose error there is far below the Monte Carlo noise of 99 replicates.
/// </summary>
public static class BinomialSampler
{
    public static int Sample(Random random, double p, int n)
    {
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        if (n <= 40) return Binomial.Sample(random, p, n);
        var variance = n * p * (1 - p);
        if (variance >= 9)
            return (int)Math.Clamp(Math.Round(n * p + Math.Sqrt(variance) * Normal.Sample(random, 0, 1)), 0, n);
        // Inversion from k = 0: P(k+1)/P(k) = (n−k)/(k+1) · p/(1−p); expected steps ≈ the mean, under ~15 here.
        var u = random.NextDouble();
        var pmf = Math.Pow(1 - p, n);
        var cdf = pmf;
        var ratio = p / (1 - p);
        var k = 0;
        while (u > cdf && k < n)
        {
            pmf *= (n - k) * ratio / (k + 1);
            k++;
            cdf += pmf;
            if (pmf < 1e-300) break;
        }
        return k;
    }
}
