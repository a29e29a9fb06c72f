using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Server.Analysis.Baselines;

/// <summary>Abnormal results observed in an area over some days, their expectation, its beta-binomial variance, and the tests behind them.</summary>
public readonly record struct AreaOutcome(int Observed, double Expected, double Variance, int Tests)
{
    public double Excess => Observed - Expected;
    public double Ratio => Expected > 0 ? Observed / Expected : Observed > 0 ? double.PositiveInfinity : 1;

    /// <summary>P(at least Observed) under the baseline: the chance that no outbreak explains these numbers.</summary>
    public double PValue => Observed == 0 || Tests == 0 ? 1 : ExcessProbability.OfSum(Observed, Tests, Expected, Variance);
}
