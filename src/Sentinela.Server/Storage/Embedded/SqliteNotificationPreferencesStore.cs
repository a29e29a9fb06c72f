using System.Text.Json;
using Sentinela.Server.Notifications;
using static Sentinela.Server.Storage.Embedded.SqliteCommands;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>One JSON payload per user in user_preferences: the shape can grow without a migration.</summary>
public sealed class SqliteNotificationPreferencesStore(SqliteDatabase database, TimeProvider time) : INotificationPreferencesStore
{
    const string Kind = "notifications";

    public async Task<NotificationPreferences?> GetAsync(Guid userId, CancellationToken ct)
    {
        await using var c = database.Open();
        var rows = await c.QueryAsync("SELECT payload FROM user_preferences WHERE user_id = $user AND kind = $kind;",
            r => r.GetString(0), ct, ("$user", userId.ToString()), ("$kind", Kind));
        return rows is [var json] ? JsonSerializer.Deserialize<NotificationPreferences>(json, SentinelaJson.Options) : null;
    }

    public async Task SaveAsync(Guid userId, NotificationPreferences preferences, CancellationToken ct)
    {
        await using var c = database.Open();
        await c.ExecuteAsync("""
            INSERT INTO user_preferences (user_id, kind, payload, updated_at) VALUES ($user, $kind, $payload, $at)
            ON CONFLICT (user_id, kind) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at;
            """, ct, ("$user", userId.ToString()), ("$kind", Kind), ("$payload", JsonSerializer.Serialize(preferences, SentinelaJson.Options)),
            ("$at", Millis(time.GetUtcNow())));
    }
}
