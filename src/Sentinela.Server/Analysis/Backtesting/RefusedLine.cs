namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>An input line that is not a hemogram the server would accept: its 1-based number and why.</summary>
public sealed record RefusedLine(long LineNumber, string Reason);
