namespace Sentinela.Server.Analysis.Scan;

/// <summary>
/// The null distribution of a scan's maximum statistic from Monte Carlo replicates, with a Gumbel fit (method of moments)
/// to extrapolate p-values smaller than the replicates can resolve, as SaTScan does. Where the replicates themselves
/// resolve the answer (p above 0.05) the empirical rank is used.
/// </summary>
public sealed class GumbelTail
{
    const double EulerGamma = 0.5772156649015329;
    readonly double[] _sorted;
    readonly double _location, _scale;

    public GumbelTail(IReadOnlyCollection<double> maxima)
    {
        _sorted = [.. maxima.Order()];
        var mean = maxima.Count == 0 ? 0 : maxima.Average();
        var sd = maxima.Count < 2 ? 0 : Math.Sqrt(maxima.Sum(m => (m - mean) * (m - mean)) / (maxima.Count - 1));
        _scale = sd * Math.Sqrt(6) / Math.PI;
        _location = mean - EulerGamma * _scale;
    }

    public int Replicates => _sorted.Length;

    /// <summary>Fewer than a tenth of the simulated maxima above zero: too few to fit a tail to.</summary>
    public bool Degenerate => _sorted.Count(m => m > 0) < Math.Max(2, _sorted.Length / 10);

    public double PValue(double statistic)
    {
        var atLeast = _sorted.Length - LowerBound(statistic);
        var empirical = (1.0 + atLeast) / (_sorted.Length + 1);
        if (empirical > 0.05 || _scale <= 1e-12) return empirical;
        // 1 − exp(−x) without cancellation when x is tiny (the far tail).
        var x = Math.Exp(-(statistic - _location) / _scale);
        var gumbel = x < 1e-5 ? x - x * x / 2 : 1 - Math.Exp(-x);
        return Math.Clamp(gumbel, double.Epsilon, 1);
    }

    int LowerBound(double value)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
