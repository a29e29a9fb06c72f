namespace Sentinela.Server.Notifications;

/// <summary>A daily span, local "HH:mm" to "HH:mm", that may cross midnight ("22:00" to "07:00"), in which only critical alerts make noise.</summary>
public sealed record QuietHours(string Start, string End);
