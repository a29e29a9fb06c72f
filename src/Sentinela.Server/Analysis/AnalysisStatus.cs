namespace Sentinela.Server.Analysis;

/// <summary>
/// Where collective analysis stands on this instance: outbox entries waiting to be counted, the open alerts it tracks,
/// when it last decided, and (after a decision an operator asked for) what that decision logged.
/// </summary>
public sealed record AnalysisStatus(long Backlog, int OpenAlerts, DateTimeOffset? LastDecisionAt, int Counted = 0,
    IReadOnlyList<LoggedVersion>? Logged = null);

/// <summary>One alert version a decision logged.</summary>
public sealed record LoggedVersion(Guid Id, int Version, long Sequence, string Headline);
