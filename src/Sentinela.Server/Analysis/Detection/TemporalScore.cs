namespace Sentinela.Server.Analysis.Detection;

/// <summary>
/// What a detector says about the last day of a series (today, possibly partial).
/// Statistic/Threshold in the detector's own units; PValue one-sided (excess only); WindowDays: how many days, ending today, the signal spans;
/// Observed/Expected: abnormal results in that window and their expectation (Σ n·p).
/// </summary>
public readonly record struct TemporalScore(double Statistic, double Threshold, bool Alarm, double PValue, int WindowDays, double Observed, double Expected);
