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
        // Sum P(X = i) for i = k..n in log space, starting from the log-pmf at k and stepping by the ratio of successive terms.
        var logPmf = LogChoose(n, k) + k * Math.Log(p) + (n - k) * Math.Log(1 - p);
        var ratio = p / (1 - p);
        double sum = 0, term = Math.Exp(logPmf);
        for (var i = k; i <= n && term > 0; i++)
        {
            sum += term;
            term *= (double)(n - i) / (i + 1) * ratio;
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
