using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>
/// Hemograms as the server would have stored them (parsed, individually analysed, resubmissions dropped), in file order,
/// with what was refused. <see cref="Records"/> counts the non-blank lines read. Parse once with <see cref="Backtest.ReadAsync(string, IEnumerable{KeyValuePair{string, string?}}, CancellationToken)"/>,
/// then run as many configurations over it as needed.
/// </summary>
public sealed record BacktestInput(IReadOnlyList<Hemogram> Hemograms, long Records, IReadOnlyList<RefusedLine> Refused, long Duplicates);
