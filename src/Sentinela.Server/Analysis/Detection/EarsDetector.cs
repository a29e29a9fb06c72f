using MathNet.Numerics.Distributions;

namespace Sentinela.Server.Analysis.Detection;

/// <summary>
/// CDC's EARS C1, C2 or C3 (Hutwagner et al., Emerg Infect Dis 11(2), 2005) as R's <c>surveillance::earsC</c> computes
/// them, on any real-valued daily series. The product feeds it the daily abnormal proportion, Abnormal / Tests, of the
/// days that had tests: a day without tests has no proportion, and counting it as 0 % would drag the baseline down, so
/// such days are skipped and the baseline is the last B days that had tests. EARS ignores the baseline model and ρ: it
/// is the model-free reference the others are compared with.
/// </summary>
/// <remarks>
/// <para>C1/C2: statistic C = (y − ȳ) / max(s, minSigma) over the baseline (the B days before today for C1; for C2 the
/// B days ending 3 days before today), upperbound ȳ + z·max(s, minSigma) with z = Φ⁻¹(1 − alpha), alarm when y exceeds
/// it; p-value 1 − Φ(C), so the alarm is p &lt; alpha.</para>
/// <para>C3: earsC's upperbound is y_t + max(s_t, minSigma)·(z − L_t), floored at 0, where L_t = Σ max(0, C2 − 1) over
/// the two days before today (its code; its help page writes ȳ_t for y_t). So R's C3 alarm is L_t &gt; z with y_t &gt; 0:
/// today's own excess does not enter and the alarm comes a day after a jump. It is reproduced as is, and the reported
/// statistic is L_t, with p-value 1 − Φ(L_t) (1 when y_t = 0 or s_t = 0, where no alpha could alarm), so statistic,
/// p-value and alarm agree.</para>
/// </remarks>
public sealed class EarsDetector : ITemporalDetector
{
    readonly EarsOptions _options;
    readonly double _threshold;
    readonly int _windowDaysWithTests;

    public EarsDetector(EarsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Baseline < 3) throw new ArgumentOutOfRangeException(nameof(options), options.Baseline, "The baseline needs at least 3 days (as in earsC).");
        if (options.Alpha is { } alpha && !(alpha > 0 && alpha < 0.5)) throw new ArgumentOutOfRangeException(nameof(options), alpha, "Alpha must be in (0, 0.5).");
        if (!(options.MinSigma >= 0 && double.IsFinite(options.MinSigma))) throw new ArgumentOutOfRangeException(nameof(options), options.MinSigma, "MinSigma must be finite and not negative.");
        _options = options;
        _threshold = Threshold(options);
        _windowDaysWithTests = options.Method == EarsMethod.C3 ? 3 : 1;
        Name = $"EARS {options.Method}";
    }

    public string Name { get; }

    public TemporalScore Evaluate(ReadOnlySpan<SeriesDay> series, double rho)
    {
        SeriesChecks.Validate(series, rho);
        if (series.IsEmpty || series[^1].Tests == 0) return SeriesChecks.NotEvaluated(series, _threshold);

        // The proportions of the last days that had tests, oldest first: all that today's statistic reads.
        var needed = _options.MinimumLength;
        Span<double> values = needed <= 64 ? stackalloc double[needed] : new double[needed];
        int filled = 0, windowStart = series.Length - 1;
        for (var i = series.Length - 1; i >= 0 && filled < needed; i--)
        {
            if (series[i].Tests == 0) continue;
            filled++;
            values[needed - filled] = (double)series[i].Abnormal / series[i].Tests;
            if (filled == _windowDaysWithTests) windowStart = i;
        }
        if (filled < needed) return SeriesChecks.NotEvaluated(series, _threshold);

        var today = At(values, needed - 1, _options);
        var windowDays = series.Length - windowStart;
        var (observed, expected) = SeriesChecks.Totals(series, windowDays);
        return new TemporalScore(today.Statistic, _threshold, today.Alarm, today.PValue, windowDays, observed, expected);
    }

    /// <summary>earsC over a whole series: one <see cref="EarsDay"/> per value, days earsC does not monitor included.</summary>
    internal static EarsDay[] Compute(ReadOnlySpan<double> values, EarsOptions options)
    {
        var days = new EarsDay[values.Length];
        for (var t = 0; t < values.Length; t++) days[t] = At(values, t, options);
        return days;
    }

    /// <summary>earsC on day <paramref name="t"/> (0-based) of <paramref name="values"/>, reading only earlier values.</summary>
    internal static EarsDay At(ReadOnlySpan<double> values, int t, EarsOptions options)
    {
        if (t + 1 < options.MinimumLength) return EarsDay.NotMonitored;
        var z = Threshold(options);
        var y = values[t];
        if (options.Method != EarsMethod.C3)
        {
            var (mean, sigma) = Baseline(values, t, options);
            var statistic = (y - mean) / sigma;
            var bound = mean + z * sigma;
            return new EarsDay(statistic, bound, y > bound, SeriesChecks.NormalUpperTail(statistic));
        }

        // C3 as earsC computes it (see the remarks): Math.Max keeps a NaN as R's pmax does.
        var lagged = ExcessOverOne(values, t - 2, options) + ExcessOverOne(values, t - 1, options);
        var (_, todaySigma) = Baseline(values, t, options);
        var c3Bound = Math.Max(0, y + todaySigma * (z - lagged));
        var pValue = y > 0 && todaySigma > 0 ? SeriesChecks.NormalUpperTail(lagged) : 1;
        return new EarsDay(lagged, c3Bound, y > c3Bound, pValue);
    }

    static double Threshold(EarsOptions options) => Normal.InvCDF(0, 1, 1 - options.EffectiveAlpha);

    // max(0, C2(t) − 1), one day's share of the C3 sum.
    static double ExcessOverOne(ReadOnlySpan<double> values, int t, EarsOptions options)
    {
        var (mean, sigma) = Baseline(values, t, options);
        return Math.Max(0, (values[t] - mean) / sigma - 1);
    }

    // Mean and max(sd, minSigma) of the baseline of day t, computed as R's mean() and sd() do (a second pass refines the
    // mean), so bounds agree with R's to rounding.
    static (double Mean, double Sigma) Baseline(ReadOnlySpan<double> values, int t, EarsOptions options)
    {
        var window = values.Slice(t - options.Lag - options.Baseline, options.Baseline);
        double sum = 0;
        foreach (var x in window) sum += x;
        var mean = sum / window.Length;
        double correction = 0;
        foreach (var x in window) correction += x - mean;
        mean += correction / window.Length;
        double squares = 0;
        foreach (var x in window) squares += (x - mean) * (x - mean);
        return (mean, Math.Max(Math.Sqrt(squares / (window.Length - 1)), options.MinSigma));
    }
}
