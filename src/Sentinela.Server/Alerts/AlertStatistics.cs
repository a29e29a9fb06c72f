namespace Sentinela.Server.Alerts;

/// <summary>The numbers behind an alert version: this window against the previous one, and the test that made it a cluster.</summary>
public sealed record AlertStatistics(
    int Total,
    int Abnormal,
    double Proportion,
    double? Mean,
    double? StandardDeviation,
    int PreviousTotal,
    int PreviousAbnormal,
    double? PreviousProportion,
    double? PreviousMean,
    double ReferenceProportion,
    double PValue,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Unit);
