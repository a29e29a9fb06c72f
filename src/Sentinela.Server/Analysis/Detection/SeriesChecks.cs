namespace Sentinela.Server.Analysis.Detection;

/// <summary>What every detector needs from a series besides its own statistic: input checks, window totals, the grey score.</summary>
internal static class SeriesChecks
{
    /// <summary>Rejects data no baseline model should produce; a detector fed it would return numbers that mean nothing.</summary>
    public static void Validate(ReadOnlySpan<SeriesDay> series, double rho)
    {
        if (!(rho >= 0 && rho < 1)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be in [0, 1).");
        for (var i = 0; i < series.Length; i++)
        {
            var day = series[i];
            if (day.Tests < 0 || day.Abnormal < 0 || day.Abnormal > day.Tests)
                throw new ArgumentOutOfRangeException(nameof(series), day, $"Day {i}: abnormal must be within 0..tests.");
            if (day.Tests > 0 && !(day.ExpectedProportion > 0 && day.ExpectedProportion < 1))
                throw new ArgumentOutOfRangeException(nameof(series), day, $"Day {i}: the expected proportion must be in (0, 1).");
        }
    }

    /// <summary>Var(abnormal) of one day under the beta-binomial: n·p·(1−p)·(1 + (n−1)·ρ).</summary>
    public static double Variance(SeriesDay day, double rho) =>
        day.Tests * day.ExpectedProportion * (1 - day.ExpectedProportion) * (1 + (day.Tests - 1) * rho);

    /// <summary>Abnormal results and their expectation Σ n·p over the last <paramref name="days"/> days.</summary>
    public static (double Observed, double Expected) Totals(ReadOnlySpan<SeriesDay> series, int days)
    {
        double observed = 0, expected = 0;
        foreach (var day in series[^days..])
        {
            if (day.Tests == 0) continue;
            observed += day.Abnormal;
            expected += day.Tests * day.ExpectedProportion;
        }
        return (observed, expected);
    }

    /// <summary>The score of a day the detector cannot judge: NaN statistic, no alarm, p = 1, today's counts.</summary>
    public static TemporalScore NotEvaluated(ReadOnlySpan<SeriesDay> series, double threshold)
    {
        var (observed, expected) = series.IsEmpty ? (0, 0) : Totals(series, 1);
        return new TemporalScore(double.NaN, threshold, Alarm: false, PValue: 1, WindowDays: 1, observed, expected);
    }

    /// <summary>P(Z ≥ z) for a standard normal, accurate far into the tail (no 1 − Φ cancellation); 1 for NaN.</summary>
    public static double NormalUpperTail(double z) =>
        double.IsNaN(z) ? 1 : 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(z / Math.Sqrt(2));
}
