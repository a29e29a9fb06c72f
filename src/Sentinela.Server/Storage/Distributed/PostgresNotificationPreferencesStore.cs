using System.Text.Json;
using NpgsqlTypes;
using Sentinela.Server.Notifications;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>One JSON payload per user in user_preferences, as in the embedded store.</summary>
public sealed class PostgresNotificationPreferencesStore(PostgresDatabase database, TimeProvider time) : INotificationPreferencesStore
{
    const string Kind = "notifications";

    public async Task<NotificationPreferences?> GetAsync(Guid userId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync("SELECT payload::text FROM user_preferences WHERE user_id = @user AND kind = @kind;",
            r => r.GetString(0), ct, ("user", userId), ("kind", Kind));
        return rows is [var json] ? JsonSerializer.Deserialize<NotificationPreferences>(json, SentinelaJson.Options) : null;
    }

    public async Task SaveAsync(Guid userId, NotificationPreferences preferences, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var command = PostgresCommands.Prepare(c, """
            INSERT INTO user_preferences (user_id, kind, payload, updated_at) VALUES (@user, @kind, @payload, @at)
            ON CONFLICT (user_id, kind) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at;
            """, [("user", userId), ("kind", Kind), ("at", time.GetUtcNow())]);
        command.Parameters.AddWithValue("payload", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(preferences, SentinelaJson.Options));
        await command.ExecuteNonQueryAsync(ct);
    }
}
