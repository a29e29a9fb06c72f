namespace Sentinela.Server.Analysis.Detection;

/// <summary>
/// EARS on one day of a real-valued series: the statistic, earsC's upperbound and alarm, and the one-sided p-value.
/// Days earsC does not monitor (too little history) have NaN statistic and bound, no alarm, p = 1.
/// </summary>
internal readonly record struct EarsDay(double Statistic, double UpperBound, bool Alarm, double PValue)
{
    public static EarsDay NotMonitored => new(double.NaN, double.NaN, false, 1);
}
