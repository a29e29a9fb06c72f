namespace Sentinela.Server.Alerts;

/// <summary>
/// The one story of an alert version, computed once and shown identically everywhere (console, REST, FHIR, push,
/// dashboard): abnormal results observed in the area over the window against those expected from its learned baseline,
/// their excess and ratio, the tests behind them, the corrected p-value (and for scan clusters the recurrence interval:
/// how many days of daily analysis pass, on average, before chance alone looks this strong), and the trend.
/// For a feed-silence notice, Observed and Expected count hemograms received.
/// </summary>
public sealed record AlertStatistics(
    int Observed,
    double Expected,
    double Excess,
    double Ratio,
    int Tests,
    double Proportion,
    double ExpectedProportion,
    double PValue,
    double? RecurrenceIntervalDays,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    AlertTrend Trend,
    double TrendRatio);
