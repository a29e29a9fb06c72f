using Microsoft.Data.Sqlite;
using Sentinela.Server.Push;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Push.WebPush;
using static Sentinela.Server.Storage.Embedded.SqliteCommands;

namespace Sentinela.Server.Storage.Embedded;

public sealed class SqliteDeviceStore(SqliteDatabase database) : IDeviceStore
{
    const string Columns = "device_id, user_id, expo_token, fcm_token, apns_token, updated_at, web_endpoint, web_p256dh, web_auth";

    /// <summary>A device is gone once it has no way left to reach it.</summary>
    const string Unreachable = "expo_token IS NULL AND fcm_token IS NULL AND apns_token IS NULL AND web_endpoint IS NULL";

    public async Task UpsertAsync(Device d, CancellationToken ct)
    {
        await using var c = database.Open();
        await using var transaction = await c.BeginTransactionAsync(ct);
        // A token is one phone: whoever registered it before (another device id, another user) loses it.
        foreach (var (column, token) in new[] { ("expo_token", d.ExpoToken), ("fcm_token", d.FcmToken), ("apns_token", d.ApnsToken), ("web_endpoint", d.WebPush?.Endpoint) })
            if (token is not null)
                await c.ExecuteAsync($"UPDATE devices SET {Clear(column)} WHERE {column} = $t AND device_id <> $id;", ct, ("$t", token), ("$id", d.DeviceId));
        await c.ExecuteAsync($"DELETE FROM devices WHERE {Unreachable};", ct);
        await c.ExecuteAsync($"""
            INSERT INTO devices ({Columns}) VALUES ($id, $user, $expo, $fcm, $apns, $at, $web, $p256dh, $auth)
            ON CONFLICT (device_id) DO UPDATE SET user_id = excluded.user_id, expo_token = excluded.expo_token,
                fcm_token = excluded.fcm_token, apns_token = excluded.apns_token, updated_at = excluded.updated_at,
                web_endpoint = excluded.web_endpoint, web_p256dh = excluded.web_p256dh, web_auth = excluded.web_auth;
            """, ct, ("$id", d.DeviceId), ("$user", d.UserId.ToString()), ("$expo", d.ExpoToken), ("$fcm", d.FcmToken),
            ("$apns", d.ApnsToken), ("$at", Millis(d.UpdatedAt)), ("$web", d.WebPush?.Endpoint), ("$p256dh", d.WebPush?.P256dh), ("$auth", d.WebPush?.Auth));
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
        var column = target.Kind switch { PushTokenKind.Expo => "expo_token", PushTokenKind.Fcm => "fcm_token", PushTokenKind.Apns => "apns_token", _ => "web_endpoint" };
        await using var c = database.Open();
        await c.ExecuteAsync($"UPDATE devices SET {Clear(column)} WHERE {column} = $t;", ct, ("$t", target.Token));
        await c.ExecuteAsync($"DELETE FROM devices WHERE {Unreachable};", ct);
    }

    /// <summary>Forgets a token; a Web Push subscription's keys go with its endpoint.</summary>
    static string Clear(string column) => column == "web_endpoint" ? "web_endpoint = NULL, web_p256dh = NULL, web_auth = NULL" : $"{column} = NULL";

    internal static Device ReadAt(SqliteDataReader r, int at) => new(r.GetString(at), Guid.Parse(r.GetString(at + 1)),
        r.StringOrNull(at + 2), r.StringOrNull(at + 3), r.StringOrNull(at + 4), r.TimeOrNull(at + 5)!.Value,
        r.StringOrNull(at + 6) is { } endpoint ? new WebPushSubscription(endpoint, r.GetString(at + 7), r.GetString(at + 8)) : null);

    static Device Read(SqliteDataReader r) => ReadAt(r, 0);
}
