namespace Sentinela.Server.Analysis.Collective;

/// <summary>
/// Exact one-sided binomial test: how likely it is to see at least k abnormal results among n
/// if the true abnormal rate were p. Small values mean the cluster is unlikely to be chance.
/// Hand-written: it is a dozen lines and no statistics package is needed elsewhere.
/// </summary>
public static class BinomialTest
{
    public static double UpperTail(int k, int n, double p)
    {
        if (k <= 0) return 1;
        if (k > n) return 0;
        if (p <= 0) return 0;
        if (p >= 1) return 1;
        // Sum the tail that lies away from the mean, where terms only shrink: above the mean sum P(X = k..n), below it
        // return 1 - P(X = 0..k-1). Starting at the mean side avoids a first term that underflows to zero.
        return k > n * p ? SumFrom(k, n, p, step: +1) : Math.Max(0, 1 - SumFrom(k - 1, n, p, step: -1));
    }

    static double SumFrom(int start, int n, double p, int step)
    {
        var ratio = p / (1 - p);
        double sum = 0, term = Math.Exp(LogChoose(n, start) + start * Math.Log(p) + (n - start) * Math.Log(1 - p));
        for (var i = start; i >= 0 && i <= n && term > 0; i += step)
        {
            sum += term;
            term *= step > 0 ? (double)(n - i) / (i + 1) * ratio : i / ((n - i + 1) * ratio);
        }
        return Math.Min(1, sum);
    }

    static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    static double LogFactorial(int n)
    {
        double sum = 0;
        for (var i = 2; i <= n; i++) sum += Math.Log(i);
        return sum;
    }
}
