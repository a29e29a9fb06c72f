using Sentinela.Server.Storage;

namespace Sentinela.Server.Hemograms;

/// <summary>What a write does to a stored hemogram (<see cref="HemogramLifecycle.Revise"/>): the outcome, the hemogram as it then stands, and why.</summary>
public sealed record Revision(WriteOutcome Outcome, Hemogram Hemogram, string? Detail);
