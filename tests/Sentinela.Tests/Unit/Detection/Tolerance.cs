namespace Sentinela.Tests.Unit.Detection;

internal static class Tolerance
{
    /// <summary>
    /// |expected − actual| ≤ relative·|expected| + absolute; NaN only matches NaN. The absolute part covers values that
    /// are differences of larger terms (a log-likelihood ratio near 0), whose relative error means nothing.
    /// </summary>
    public static void AssertClose(double expected, double actual, double relative, double absolute = 0, string? context = null)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            Assert.True(double.IsNaN(expected) && double.IsNaN(actual), $"{context}: expected {expected:R}, got {actual:R}");
            return;
        }
        if (expected == actual) return;
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected) + absolute,
            $"{context}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(expected - actual) / Math.Abs(expected):E2})");
    }
}
