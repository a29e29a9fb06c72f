namespace Sentinela.Server.Analysis;

/// <summary>The analysis pipeline's wake-ups: stored hemograms wake the outbox worker; applied counts wake the decider.</summary>
public sealed class AnalysisWakeUps
{
    public WakeSignal Outbox { get; } = new();
    public WakeSignal Decisions { get; } = new();
}
