namespace Sentinela.Server.Analysis.Collective;

/// <summary>Counts and moments of one parameter over a window, and the same for the window before it.</summary>
public sealed record WindowStatistics(
    int Total,
    int Abnormal,
    double? Mean,
    double? StandardDeviation,
    int PreviousTotal,
    int PreviousAbnormal,
    double? PreviousMean,
    double ReferenceProportion,
    double PValue,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd)
{
    public double Proportion => Total == 0 ? 0 : (double)Abnormal / Total;
    public double? PreviousProportion => PreviousTotal == 0 ? null : (double)PreviousAbnormal / PreviousTotal;
}
