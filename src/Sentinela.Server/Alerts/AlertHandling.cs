namespace Sentinela.Server.Alerts;

/// <summary>
/// One step a manager took on an alert (at which version), as stored and shown with the alert's details.
/// <see cref="Step"/> counts the alert's steps from 1; the store refuses a second row with the same step, so two managers
/// moving the same alert at once cannot both succeed.
/// </summary>
public sealed record AlertHandling(
    Guid AlertId,
    int AlertVersion,
    AlertHandlingState State,
    string? Note,
    Guid UserId,
    string UserName,
    DateTimeOffset At,
    int Step);
