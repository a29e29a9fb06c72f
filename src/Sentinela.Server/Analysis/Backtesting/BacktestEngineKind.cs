namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>Which detection a backtest runs (<see cref="BacktestOptions.Engine"/>).</summary>
public enum BacktestEngineKind
{
    /// <summary>The radius, municipality-window and state-window rules of <see cref="Collective.OutbreakDetector"/>.</summary>
    Legacy,
}
