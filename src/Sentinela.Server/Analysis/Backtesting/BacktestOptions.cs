namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>Sentinela:Analysis:Backtest — what <c>sentinela-server backtest</c> runs. Defaults are repeated in appsettings.json.</summary>
public sealed class BacktestOptions
{
    public const string Section = "Sentinela:Analysis:Backtest";

    public BacktestEngineKind Engine { get; set; } = BacktestEngineKind.Legacy;
}
