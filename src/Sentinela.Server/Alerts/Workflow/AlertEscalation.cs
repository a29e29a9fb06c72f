namespace Sentinela.Server.Alerts.Workflow;

/// <summary>An alert nobody acknowledged in time, handed to the state coordinators: when, at which version, how many were told.</summary>
public sealed record AlertEscalation(Guid AlertId, int AlertVersion, DateTimeOffset At, int Coordinators);
