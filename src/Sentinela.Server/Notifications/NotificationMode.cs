namespace Sentinela.Server.Notifications;

/// <summary>Each alert as it comes, or gathered into a periodic digest.</summary>
public enum NotificationMode
{
    Immediate,
    Digest,
}
