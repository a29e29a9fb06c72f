using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Scan;

/// <summary>
/// A space–time cylinder the scan found: the municipalities of one circle (centre first) over the last
/// <paramref name="WindowDays"/> days, what they observed and expected, the scaled log-likelihood ratio and its
/// Monte Carlo p-value for one scan of one condition (the chance that a world without outbreaks shows a maximum this large).
/// </summary>
public sealed record ScanCluster(
    Condition Condition,
    IReadOnlyList<int> Municipalities,
    int WindowDays,
    int Observed,
    double Expected,
    double Variance,
    int Tests,
    double LogLikelihoodRatio,
    double PValue);
