namespace Sentinela.Server.Storage;

/// <summary>Outcome of storing one hemogram: its id and sequence, and whether it is new or a resubmission of a stored one.</summary>
public sealed record HemogramWriteResult(Guid Id, long Sequence, bool Created);
