using MathNet.Numerics.Distributions;

namespace Sentinela.Server.Analysis.Detection;

/// <summary>PLACEHOLDER until the detectors branch lands: P(Y ≥ observed) by a moment-matched negative binomial.</summary>
public static class ExcessProbability
{
    public static double UpperTail(double observed, double expected, double variance)
    {
        if (observed <= 0) return 1;
        if (expected <= 0) return 0;
        var k = (int)Math.Ceiling(observed - 1e-9);
        if (variance <= expected * 1.0001) return 1 - Poisson.CDF(expected, k - 1);
        var r = expected * expected / (variance - expected);
        var p = expected / variance;
        return 1 - NegativeBinomial.CDF(r, p, k - 1);
    }
}
