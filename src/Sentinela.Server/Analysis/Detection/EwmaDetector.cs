using MathNet.Numerics.Distributions;

namespace Sentinela.Server.Analysis.Detection;

/// <summary>
/// ESSENCE-style EWMA (CDC NSSP; the algorithm of <c>Rnssp::alert_ewma</c>) on standardised residuals of the baseline
/// model: z_t = (y − n·p) / √(n·p·(1−p)·(1+(n−1)ρ)), E_t = λ·z_t + (1−λ)·E_{t−1} from E_0 = 0, statistic
/// E_t / sd(E_t), p-value from the normal upper tail.
/// </summary>
/// <remarks>
/// <para>ESSENCE centres its EWMA on a 28-day mean with a 2-day guard band and estimates the sd from it, so its variance
/// correction adds the baseline mean's own variance; here the baseline model supplies mean and variance, the residuals
/// have mean 0 and variance 1 in control, and the correction is the EWMA's exact variance after t days,
/// λ/(2−λ)·(1 − (1−λ)^{2t}) (the asymptotic λ/(2−λ) overstates it over the first days and would blunt them).</para>
/// <para>As ESSENCE does, a past day whose smoothed statistic goes beyond the alarm limit (either side) is pulled back to
/// it before the next day, so one extreme day, or a reporting failure, does not dominate the following week.</para>
/// <para>Days without tests carry no residual and are skipped: the EWMA neither updates nor decays over them.
/// WindowDays spans the days, ending today, over which the smoothed excess has stayed above 0 (1 if it is not above 0
/// today). With sparse series (n·p well under 1) the residuals are far from normal and the normal p-value is only
/// indicative; the CUSUM's exact tail is the better guide there.</para>
/// </remarks>
public sealed class EwmaDetector : ITemporalDetector
{
    readonly double _lambda;
    readonly double _threshold;

    public EwmaDetector(EwmaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Lambda > 0 && options.Lambda <= 1)) throw new ArgumentOutOfRangeException(nameof(options), options.Lambda, "Lambda must be in (0, 1].");
        if (!(options.AlarmPValue > 0 && options.AlarmPValue < 0.5)) throw new ArgumentOutOfRangeException(nameof(options), options.AlarmPValue, "AlarmPValue must be in (0, 0.5).");
        _lambda = options.Lambda;
        _threshold = Normal.InvCDF(0, 1, 1 - options.AlarmPValue);
    }

    public string Name => "EWMA";

    public TemporalScore Evaluate(ReadOnlySpan<SeriesDay> series, double rho)
    {
        SeriesChecks.Validate(series, rho);
        if (series.IsEmpty || series[^1].Tests == 0) return SeriesChecks.NotEvaluated(series, _threshold);

        double smoothed = 0, statistic = 0, decay = 1;
        var lastNotAbove = -1;
        var steady = _lambda / (2 - _lambda);
        var today = series.Length - 1;
        for (var t = 0; t < series.Length; t++)
        {
            var day = series[t];
            if (day.Tests == 0) continue;
            var residual = (day.Abnormal - day.Tests * day.ExpectedProportion) / Math.Sqrt(SeriesChecks.Variance(day, rho));
            smoothed = _lambda * residual + (1 - _lambda) * smoothed;
            decay *= (1 - _lambda) * (1 - _lambda);
            var sd = Math.Sqrt(steady * (1 - decay));
            statistic = smoothed / sd;
            if (t < today && Math.Abs(statistic) > _threshold) smoothed = Math.Sign(statistic) * _threshold * sd;
            if (smoothed <= 0) lastNotAbove = t;
        }

        var windowDays = smoothed > 0 ? today - lastNotAbove : 1;
        var (observed, expected) = SeriesChecks.Totals(series, windowDays);
        return new TemporalScore(statistic, _threshold, statistic > _threshold, SeriesChecks.NormalUpperTail(statistic), windowDays, observed, expected);
    }
}
