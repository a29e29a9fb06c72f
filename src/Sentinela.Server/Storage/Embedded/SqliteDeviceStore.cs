using Microsoft.Data.Sqlite;
using Sentinela.Server.Push;
using Sentinela.Server.Push.Devices;
using static Sentinela.Server.Storage.Embedded.SqliteCommands;

namespace Sentinela.Server.Storage.Embedded;

public sealed class SqliteDeviceStore(SqliteDatabase database) : IDeviceStore
{
    const string Columns = "device_id, user_id, expo_token, fcm_token, apns_token, updated_at";

    public async Task UpsertAsync(Device d, CancellationToken ct)
    {
        await using var c = database.Open();
        await using var transaction = await c.BeginTransactionAsync(ct);
        // A token is one phone: whoever registered it before (another device id, another user) loses it.
        foreach (var (column, token) in new[] { ("expo_token", d.ExpoToken), ("fcm_token", d.FcmToken), ("apns_token", d.ApnsToken) })
            if (token is not null)
                await c.ExecuteAsync($"UPDATE devices SET {column} = NULL WHERE {column} = $t AND device_id <> $id;", ct, ("$t", token), ("$id", d.DeviceId));
        await c.ExecuteAsync($"DELETE FROM devices WHERE expo_token IS NULL AND fcm_token IS NULL AND apns_token IS NULL;", ct);
        await c.ExecuteAsync($"""
            INSERT INTO devices ({Columns}) VALUES ($id, $user, $expo, $fcm, $apns, $at)
            ON CONFLICT (device_id) DO UPDATE SET user_id = excluded.user_id, expo_token = excluded.expo_token,
                fcm_token = excluded.fcm_token, apns_token = excluded.apns_token, updated_at = excluded.updated_at;
            """, ct, ("$id", d.DeviceId), ("$user", d.UserId.ToString()), ("$expo", d.ExpoToken), ("$fcm", d.FcmToken),
            ("$apns", d.ApnsToken), ("$at", Millis(d.UpdatedAt)));
        await transaction.CommitAsync(ct);
    }

    public async Task<bool> DeleteAsync(Guid userId, string deviceId, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.ExecuteAsync("DELETE FROM devices WHERE device_id = $id AND user_id = $user;", ct,
            ("$id", deviceId), ("$user", userId.ToString())) == 1;
    }

    public async Task<IReadOnlyList<Device>> ForUsersAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0) return [];
        await using var c = database.Open();
        // JSON array parameter: one statement for any number of users.
        return await c.QueryAsync($"SELECT {Columns} FROM devices WHERE user_id IN (SELECT value FROM json_each($ids)) ORDER BY device_id;",
            Read, ct, ("$ids", System.Text.Json.JsonSerializer.Serialize(userIds.Select(u => u.ToString()))));
    }

    public async Task RemoveTokenAsync(PushTarget target, CancellationToken ct)
    {
        var column = target.Kind switch { PushTokenKind.Expo => "expo_token", PushTokenKind.Fcm => "fcm_token", _ => "apns_token" };
        await using var c = database.Open();
        await c.ExecuteAsync($"UPDATE devices SET {column} = NULL WHERE {column} = $t;", ct, ("$t", target.Token));
        await c.ExecuteAsync("DELETE FROM devices WHERE expo_token IS NULL AND fcm_token IS NULL AND apns_token IS NULL;", ct);
    }

    internal static Device ReadAt(SqliteDataReader r, int at) => new(r.GetString(at), Guid.Parse(r.GetString(at + 1)),
        r.StringOrNull(at + 2), r.StringOrNull(at + 3), r.StringOrNull(at + 4), r.TimeOrNull(at + 5)!.Value);

    static Device Read(SqliteDataReader r) => ReadAt(r, 0);
}
