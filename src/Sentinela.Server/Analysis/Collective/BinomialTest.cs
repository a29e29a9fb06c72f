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
        // Terms only shrink away from the mean: stop once they no longer change the sum in double precision.
        for (var i = start; i >= 0 && i <= n && term > sum * 1e-17; i += step)
        {
            sum += term;
            term *= step > 0 ? (double)(n - i) / (i + 1) * ratio : i / ((n - i + 1) * ratio);
        }
        return Math.Min(1, sum);
    }

    static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    // ln(n!) from a table that grows on demand (copy-on-grow, so concurrent readers always see a complete table):
    // summing n logarithms per test made the cost grow with the window size.
    static double[] _logFactorials = [0, 0];

    static double LogFactorial(int n)
    {
        var table = Volatile.Read(ref _logFactorials);
        if (n < table.Length) return table[n];
        var grown = new double[Math.Max(n + 1, table.Length * 2)];
        Array.Copy(table, grown, table.Length);
        for (var i = table.Length; i < grown.Length; i++) grown[i] = grown[i - 1] + Math.Log(i);
        Volatile.Write(ref _logFactorials, grown);
        return grown[n];
    }
}
