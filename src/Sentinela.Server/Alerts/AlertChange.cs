namespace Sentinela.Server.Alerts;

/// <summary>What one step of detection decided for an alert: a new version to log and publish, and/or new evidence to keep.</summary>
public sealed record AlertChange(Guid AlertId, OutbreakAlert? NewVersion, IReadOnlyList<Guid> NewEvidence);
