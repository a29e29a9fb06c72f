namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>What a backtest decided, and what it read to decide it; <see cref="Reading"/> (parsing the input, if it was a file) is part of <see cref="Elapsed"/>.</summary>
public sealed record BacktestResult(
    IReadOnlyList<BacktestAlertVersion> Versions,
    BacktestInput Input,
    long Observed,
    long Ticks,
    TimeSpan Reading,
    TimeSpan Elapsed)
{
    public int Alerts => Versions.Select(v => v.Alert.Id).Distinct().Count();
}
