namespace Sentinela.Server.Notifications;

/// <summary>Quiet hours as sent by a client, before validation.</summary>
public sealed record QuietHoursRequest(string? Start, string? End);
