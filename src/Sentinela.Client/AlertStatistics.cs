namespace Sentinela.Client;

/// <summary>The numbers behind an alert version: this window against the previous one, and the test that made it a cluster.</summary>
public sealed record AlertStatistics
{
    public int Total { get; init; }
    public int Abnormal { get; init; }
    public double Proportion { get; init; }
    public double? Mean { get; init; }
    public double? StandardDeviation { get; init; }
    public int PreviousTotal { get; init; }
    public int PreviousAbnormal { get; init; }
    public double? PreviousProportion { get; init; }
    public double? PreviousMean { get; init; }
    public double ReferenceProportion { get; init; }
    public double PValue { get; init; }
    public DateTimeOffset WindowStart { get; init; }
    public DateTimeOffset WindowEnd { get; init; }
    public string Unit { get; init; } = "";
}
