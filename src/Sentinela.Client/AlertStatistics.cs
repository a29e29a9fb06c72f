namespace Sentinela.Client;

/// <summary>
/// The story of an alert version: abnormal results observed in the area over the window against those expected from its
/// learned baseline, the excess and ratio, the tests behind them, the corrected p-value (and for clusters the recurrence
/// interval in days), and the trend. For a feed-silence notice, Observed and Expected count hemograms received.
/// </summary>
public sealed record AlertStatistics
{
    public int Observed { get; init; }
    public double Expected { get; init; }
    public double Excess { get; init; }
    public double Ratio { get; init; }
    public int Tests { get; init; }
    public double Proportion { get; init; }
    public double ExpectedProportion { get; init; }
    public double PValue { get; init; }
    public double? RecurrenceIntervalDays { get; init; }
    public DateTimeOffset WindowStart { get; init; }
    public DateTimeOffset WindowEnd { get; init; }
    public AlertTrend Trend { get; init; }
    public double TrendRatio { get; init; }
}
