using Microsoft.Data.Sqlite;
using Sentinela.Server.Push;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Push.Dispatch;
using static Sentinela.Server.Storage.Embedded.SqliteCommands;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>The push queue in SQLite: push_jobs with a status, a due time and a lease.</summary>
public sealed class SqlitePushQueue(SqliteDatabase database) : IPushQueue
{
    const string JobColumns = """
        j.alert_id, j.version, j.user_id, j.device_id, j.priority, j.title, j.body, j.check_ack, j.not_before,
        j.id, j.status, j.attempts, j.provider, j.provider_message_id, j.reason, j.updated_at, j.trace_parent
        """;

    // Claims must not interleave: one SQLite writer, serialised here rather than by busy retries.
    readonly SemaphoreSlim _claimLock = new(1, 1);

    const string CursorKey = "push-cursor";

    public async Task<long> CursorAsync(CancellationToken ct)
    {
        await using var c = database.Open();
        var found = await c.QueryAsync("SELECT value FROM meta WHERE key = $k;", r => long.Parse(r.GetString(0)), ct, ("$k", CursorKey));
        return found.Count == 0 ? 0 : found[0];
    }

    public async Task<int> EnqueueAsync(IReadOnlyList<PushJob> jobs, long throughSequence, CancellationToken ct)
    {
        await using var c = database.Open();
        await using var transaction = await c.BeginTransactionAsync(ct);
        var added = 0;
        foreach (var j in jobs)
            added += await c.ExecuteAsync("""
                INSERT INTO push_jobs (alert_id, version, user_id, device_id, priority, title, body, check_ack, not_before, trace_parent, status, attempts, created_at, updated_at)
                VALUES ($alert, $version, $user, $device, $priority, $title, $body, $check, $due, $trace, 'Pending', 0, $now, $now)
                ON CONFLICT (alert_id, version, device_id) DO NOTHING;
                """, ct, ("$alert", j.AlertId.ToString()), ("$version", j.Version), ("$user", j.UserId.ToString()), ("$device", j.DeviceId),
                ("$priority", (int)j.Priority), ("$title", j.Title), ("$body", j.Body), ("$check", j.CheckAck), ("$due", Millis(j.NotBefore)),
                ("$trace", j.TraceParent), ("$now", Millis(DateTimeOffset.UtcNow)));
        await c.ExecuteAsync("""
            INSERT INTO meta (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value
            WHERE CAST(excluded.value AS INTEGER) > CAST(meta.value AS INTEGER);
            """, ct, ("$k", CursorKey), ("$v", throughSequence.ToString()));
        await transaction.CommitAsync(ct);
        return added;
    }

    public async Task<ClaimedBatch?> ClaimAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        await _claimLock.WaitAsync(ct);
        try
        {
            await using var c = database.Open();
            await using var transaction = await c.BeginTransactionAsync(ct);
            // Each step walks an index in order and stops at the first rows it wants: claiming stays flat as the queue grows.
            var head = await c.QueryAsync("SELECT alert_id, version FROM push_jobs WHERE status = 'InFlight' AND lease_until <= $now LIMIT 1;",
                r => (Alert: r.GetString(0), Version: r.GetInt32(1)), ct, ("$now", Millis(now)));
            if (head.Count == 0)
                head = await c.QueryAsync("""
                    SELECT alert_id, version FROM push_jobs WHERE status = 'Pending' AND not_before <= $now ORDER BY priority DESC, id LIMIT 1;
                    """, r => (Alert: r.GetString(0), Version: r.GetInt32(1)), ct, ("$now", Millis(now)));
            if (head.Count == 0) return null;
            var claimed = await c.QueryAsync("""
                UPDATE push_jobs SET status = 'InFlight', lease_until = $lease, attempts = attempts + 1, updated_at = $now
                WHERE id IN (
                    SELECT id FROM (SELECT id FROM push_jobs WHERE alert_id = $alert AND version = $version AND status = 'InFlight'
                                    AND lease_until <= $now ORDER BY id LIMIT $max)
                    UNION ALL
                    SELECT id FROM (SELECT id FROM push_jobs WHERE alert_id = $alert AND version = $version AND status = 'Pending'
                                    AND not_before <= $now ORDER BY id LIMIT $max)
                    LIMIT $max)
                RETURNING id;
                """, r => r.GetInt64(0), ct, ("$now", Millis(now)), ("$lease", Millis(now + lease)), ("$alert", head[0].Alert),
                ("$version", head[0].Version), ("$max", max));
            var jobs = await c.QueryAsync($"""
                SELECT {JobColumns}, d.device_id, d.user_id, d.expo_token, d.fcm_token, d.apns_token, d.updated_at, d.web_endpoint, d.web_p256dh, d.web_auth
                FROM push_jobs j LEFT JOIN devices d ON d.device_id = j.device_id AND d.user_id = j.user_id
                WHERE j.id IN (SELECT value FROM json_each($ids)) ORDER BY j.id;
                """, r => (ReadJob(r), r.IsDBNull(17) ? null : SqliteDeviceStore.ReadAt(r, 17)), ct,
                ("$ids", System.Text.Json.JsonSerializer.Serialize(claimed)));
            await transaction.CommitAsync(ct);
            return new ClaimedBatch(jobs);
        }
        finally
        {
            _claimLock.Release();
        }
    }

    public async Task CompleteAsync(IReadOnlyList<PushJobResult> results, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = database.Open();
        await using var transaction = await c.BeginTransactionAsync(ct);
        foreach (var r in results)
            await c.ExecuteAsync("""
                UPDATE push_jobs SET status = $status, reason = $reason, not_before = COALESCE($retry, not_before), lease_until = NULL,
                    provider = COALESCE($provider, provider), provider_message_id = COALESCE($message, provider_message_id),
                    token = COALESCE($token, token), updated_at = $now
                WHERE id = $id;
                """, ct, ("$status", (r.RetryAt is null ? r.Status : PushJobStatus.Pending).ToString()), ("$reason", r.Reason),
                ("$retry", Millis(r.RetryAt)), ("$provider", r.Provider), ("$message", r.ProviderMessageId), ("$token", r.Token),
                ("$now", Millis(now)), ("$id", r.JobId));
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<PushJob>> ForAlertAsync(Guid alertId, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.QueryAsync($"SELECT {JobColumns} FROM push_jobs j WHERE j.alert_id = $alert ORDER BY j.id;", ReadJob, ct, ("$alert", alertId.ToString()));
    }

    public async Task<IReadOnlyList<(long JobId, string TicketId, string Token)>> AwaitingReceiptAsync(DateTimeOffset sentBefore, int max, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.QueryAsync("""
            SELECT id, provider_message_id, token FROM push_jobs
            WHERE status = 'Sent' AND provider = 'Expo' AND receipt_checked = 0 AND updated_at <= $before
              AND provider_message_id IS NOT NULL AND token IS NOT NULL
            ORDER BY updated_at LIMIT $max;
            """, r => (r.GetInt64(0), r.GetString(1), r.GetString(2)), ct, ("$before", Millis(sentBefore)), ("$max", max));
    }

    public async Task RecordReceiptsAsync(IReadOnlyList<(long JobId, string? DeadReason)> receipts, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = database.Open();
        await using var transaction = await c.BeginTransactionAsync(ct);
        foreach (var (id, dead) in receipts)
            await c.ExecuteAsync("""
                UPDATE push_jobs SET receipt_checked = 1, status = CASE WHEN $dead IS NULL THEN status ELSE 'Dead' END,
                    reason = COALESCE($dead, reason) WHERE id = $id;
                """, ct, ("$dead", dead), ("$id", id));
        await transaction.CommitAsync(ct);
    }

    public async Task<int> PendingCountAsync(CancellationToken ct)
    {
        await using var c = database.Open();
        return (await c.QueryAsync("SELECT COUNT(*) FROM push_jobs WHERE status IN ('Pending', 'InFlight');", r => r.GetInt32(0), ct))[0];
    }

    static PushJob ReadJob(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)), r.GetInt32(1), Guid.Parse(r.GetString(2)), r.GetString(3), (PushPriority)r.GetInt32(4), r.GetString(5),
        r.GetString(6), r.GetBoolean(7), r.TimeOrNull(8)!.Value, r.GetInt64(9), Enum.Parse<PushJobStatus>(r.GetString(10)), r.GetInt32(11),
        r.StringOrNull(12), r.StringOrNull(13), r.StringOrNull(14), r.TimeOrNull(15), r.StringOrNull(16));
}
