namespace Sentinela.Server.Alerts;

/// <summary>One step a manager took on an alert (at which version), as stored and shown with the alert's details.</summary>
public sealed record AlertHandling(
    Guid AlertId,
    int AlertVersion,
    AlertHandlingState State,
    string? Note,
    Guid UserId,
    string UserName,
    DateTimeOffset At);
