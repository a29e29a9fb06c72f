namespace Sentinela.Server.Analysis.Detection;

/// <summary>Parameters of <see cref="CusumDetector"/>.</summary>
public sealed record CusumOptions
{
    /// <summary>
    /// The excess the CUSUM is tuned to detect: out of control the proportion is RelativeRisk × the expected one, capped at
    /// 0.95. Default 2, a doubling (Höhle 2010 and the <c>categoricalCUSUM</c> example tune to a doubling of the odds).
    /// </summary>
    public double RelativeRisk { get; init; } = 2;

    /// <summary>The decision threshold h: alarm when the statistic exceeds it. Default 5, <c>categoricalCUSUM</c>'s default.</summary>
    public double Threshold { get; init; } = 5;

    /// <summary>
    /// Restart the statistic at 0 after each alarm, as <c>categoricalCUSUM</c> does. Default false: the statistic keeps
    /// accumulating, so an excess that goes on keeps alarming and the window covers all of it rather than the days since
    /// the last alarm (which depend on where the series happens to start).
    /// </summary>
    public bool ResetAfterAlarm { get; init; }
}
