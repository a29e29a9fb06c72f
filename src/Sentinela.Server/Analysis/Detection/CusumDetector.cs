namespace Sentinela.Server.Analysis.Detection;

/// <summary>
/// Likelihood-ratio CUSUM for abnormal results out of tests (Höhle 2010, R's <c>surveillance::categoricalCUSUM</c>):
/// in control a day's abnormal count is beta-binomial with proportion p0 = the expected proportion and the series' ρ
/// (binomial when ρ = 0); out of control the proportion is p1 = min(RelativeRisk·p0, 0.95). The statistic is
/// S_t = max(0, S_{t−1} + ln f(y_t; p1)/f(y_t; p0)), and today alarms when S_today &gt; h.
/// </summary>
/// <remarks>
/// Days without tests add nothing (their likelihood ratio is 1, as in R). A day with p0 ≥ 0.95, where the capped p1 would
/// not exceed p0, adds nothing either; R would flip the test's direction there.
/// WindowDays counts the days since S last was 0 (today included; 1 if S_today is 0); Observed/Expected and the p-value
/// (<see cref="ExcessProbability.OfWindow"/>) are those of that window. The window is the one the CUSUM picked as most
/// telling, so that p-value is nominal: smaller than a pre-chosen window's would be.
/// </remarks>
public sealed class CusumDetector : ITemporalDetector
{
    const double MaxOutOfControlProportion = 0.95;
    readonly CusumOptions _options;

    public CusumDetector(CusumOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.RelativeRisk > 1 && double.IsFinite(options.RelativeRisk))) throw new ArgumentOutOfRangeException(nameof(options), options.RelativeRisk, "RelativeRisk must be above 1.");
        if (!(options.Threshold > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.Threshold, "The threshold must be positive.");
        _options = options;
    }

    public string Name => "CUSUM";

    public TemporalScore Evaluate(ReadOnlySpan<SeriesDay> series, double rho)
    {
        SeriesChecks.Validate(series, rho);
        if (series.IsEmpty || series[^1].Tests == 0) return SeriesChecks.NotEvaluated(series, _options.Threshold);

        var (statistic, lastZero) = Run(series, rho, _options, [], []);
        var windowDays = statistic > 0 ? series.Length - 1 - lastZero : 1;
        var window = series[^windowDays..];
        var (observed, expected) = SeriesChecks.Totals(series, windowDays);
        return new TemporalScore(statistic, _options.Threshold, statistic > _options.Threshold,
            ExcessProbability.OfWindow(window, rho), windowDays, observed, expected);
    }

    /// <summary>
    /// Runs the CUSUM over <paramref name="series"/>; fills <paramref name="llr"/> and <paramref name="statistic"/> per day
    /// when they are not empty. Returns today's statistic and the index of the last day it was 0 (or restarted after an
    /// alarm), −1 if never.
    /// </summary>
    internal static (double Statistic, int LastZero) Run(ReadOnlySpan<SeriesDay> series, double rho, CusumOptions options, Span<double> llr, Span<double> statistic)
    {
        double s = 0;
        var lastZero = -1;
        for (var t = 0; t < series.Length; t++)
        {
            // After an alarm R's categoricalCUSUM starts again from 0 the next day.
            if (options.ResetAfterAlarm && s > options.Threshold)
            {
                s = 0;
                lastZero = t - 1;
            }
            var ratio = LogLikelihoodRatio(series[t], rho, options.RelativeRisk);
            s = Math.Max(0, s + ratio);
            if (s == 0) lastZero = t;
            if (!llr.IsEmpty) llr[t] = ratio;
            if (!statistic.IsEmpty) statistic[t] = s;
        }
        return (s, lastZero);
    }

    /// <summary>ln f(y; p1) − ln f(y; p0) for one day.</summary>
    internal static double LogLikelihoodRatio(SeriesDay day, double rho, double relativeRisk)
    {
        if (day.Tests == 0) return 0;
        var p0 = day.ExpectedProportion;
        var p1 = Math.Min(relativeRisk * p0, MaxOutOfControlProportion);
        if (p1 <= p0) return 0;
        return BetaBinomialMath.LogLikelihoodRatio(day.Abnormal, day.Tests, p1, p0, rho);
    }
}
