namespace Sentinela.Server.Analysis.Detection;

/// <summary>
/// One day of a region × condition series: tests performed, abnormal results, and the abnormal proportion expected that
/// day (from the baseline model).
/// </summary>
public readonly record struct SeriesDay(int Tests, int Abnormal, double ExpectedProportion);
