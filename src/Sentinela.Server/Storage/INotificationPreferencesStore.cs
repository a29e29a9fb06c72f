using Sentinela.Server.Notifications;

namespace Sentinela.Server.Storage;

/// <summary>Each user's notification preferences; a user who never saved any has none stored (the caller applies the defaults).</summary>
public interface INotificationPreferencesStore
{
    Task<NotificationPreferences?> GetAsync(Guid userId, CancellationToken ct);

    /// <summary>Replaces the user's preferences.</summary>
    Task SaveAsync(Guid userId, NotificationPreferences preferences, CancellationToken ct);
}
