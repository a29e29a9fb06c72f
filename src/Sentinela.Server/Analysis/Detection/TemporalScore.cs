namespace Sentinela.Server.Analysis.Detection;

/// <summary>
/// What a detector says about the last day of a series (today, possibly partial).
/// <see cref="Statistic"/>/<see cref="Threshold"/> are in the detector's own units; <see cref="PValue"/> is one-sided
/// (excess only); <see cref="WindowDays"/> is how many days, ending today, the signal spans;
/// <see cref="Observed"/>/<see cref="Expected"/> are the abnormal results in that window and their expectation (Σ n·p).
/// </summary>
/// <remarks>
/// A detector that cannot judge today (no tests today, too little history for its baseline, or EARS on a flat baseline
/// without a sd floor, where R's earsC gives NA) says so with a <see cref="Statistic"/> of <see cref="double.NaN"/>, no
/// alarm and a p-value of 1 (ESSENCE's "grey").
/// </remarks>
public readonly record struct TemporalScore(double Statistic, double Threshold, bool Alarm, double PValue, int WindowDays, double Observed, double Expected);
