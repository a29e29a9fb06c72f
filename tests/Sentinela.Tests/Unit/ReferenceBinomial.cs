namespace Sentinela.Tests.Unit;

/// <summary>
/// P(X ≥ k) for X ~ Binomial(n, p), summed term by term with the coefficient built by a plain product: slow and naive on
/// purpose, as an independent check of the product's log-space implementation (accurate for n up to a few hundred).
/// </summary>
internal static class ReferenceBinomial
{
    public static double UpperTail(int k, int n, double p)
    {
        double sum = 0;
        for (var i = Math.Max(k, 0); i <= n; i++)
        {
            double choose = 1;
            for (var j = 1; j <= i; j++) choose = choose * (n - i + j) / j;
            sum += choose * Math.Pow(p, i) * Math.Pow(1 - p, n - i);
        }
        return sum;
    }
}
