using Sentinela.Server.Alerts;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>What a backtest drives: hemograms in collection order and timer ticks, both on data time; returns the alert versions decided.</summary>
public interface IBacktestEngine
{
    IReadOnlyList<OutbreakAlert> Observe(Hemogram hemogram, DateTimeOffset now);
    IReadOnlyList<OutbreakAlert> Tick(DateTimeOffset now);
}
