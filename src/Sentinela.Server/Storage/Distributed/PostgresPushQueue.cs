using Npgsql;
using Sentinela.Server.Push;
using Sentinela.Server.Push.Dispatch;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>
/// The push queue in PostgreSQL, shared by every instance's dispatcher: claims lock the rows they take with
/// FOR UPDATE SKIP LOCKED, so concurrent workers (here or on other instances) split the due jobs and never take one twice.
/// </summary>
public sealed class PostgresPushQueue(PostgresDatabase database) : IPushQueue
{
    const string JobColumns = """
        j.alert_id, j.version, j.user_id, j.device_id, j.priority, j.title, j.body, j.check_ack, j.not_before,
        j.id, j.status, j.attempts, j.provider, j.provider_message_id, j.reason, j.updated_at, j.trace_parent
        """;

    const string CursorKey = "push-cursor";

    public async Task<long> CursorAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var found = await c.QueryAsync("SELECT value FROM meta WHERE key = @k;", r => long.Parse(r.GetString(0), System.Globalization.CultureInfo.InvariantCulture),
            ct, ("k", CursorKey));
        return found.Count == 0 ? 0 : found[0];
    }

    public async Task<int> EnqueueAsync(IReadOnlyList<PushJob> jobs, long throughSequence, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var transaction = await c.BeginTransactionAsync(ct);
        var added = jobs.Count == 0 ? 0 : await c.ExecuteAsync("""
            INSERT INTO push_jobs (alert_id, version, user_id, device_id, priority, title, body, check_ack, not_before, trace_parent, status, attempts, created_at, updated_at)
            SELECT alert_id, version, user_id, device_id, priority, title, body, check_ack, not_before, trace_parent, 'Pending', 0, @now, @now
            FROM unnest(@alert::uuid[], @version::integer[], @user::uuid[], @device::text[], @priority::integer[], @title::text[], @body::text[],
                        @check::boolean[], @due::timestamptz[], @trace::text[]) WITH ORDINALITY
                AS j(alert_id, version, user_id, device_id, priority, title, body, check_ack, not_before, trace_parent, n)
            ORDER BY n
            ON CONFLICT (alert_id, version, device_id) DO NOTHING;
            """, ct, ("alert", jobs.Select(j => j.AlertId).ToArray()), ("version", jobs.Select(j => j.Version).ToArray()),
            ("user", jobs.Select(j => j.UserId).ToArray()), ("device", jobs.Select(j => j.DeviceId).ToArray()),
            ("priority", jobs.Select(j => (int)j.Priority).ToArray()), ("title", jobs.Select(j => j.Title).ToArray()),
            ("body", jobs.Select(j => j.Body).ToArray()), ("check", jobs.Select(j => j.CheckAck).ToArray()),
            ("due", jobs.Select(j => PostgresCommands.Utc(j.NotBefore)).ToArray()), ("trace", jobs.Select(j => j.TraceParent).ToArray()),
            ("now", DateTimeOffset.UtcNow));
        // The cursor only moves forward, whichever instance's enqueuer commits last.
        await c.ExecuteAsync("""
            INSERT INTO meta (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value
            WHERE excluded.value::bigint > meta.value::bigint;
            """, ct, ("k", CursorKey), ("v", throughSequence.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await transaction.CommitAsync(ct);
        return added;
    }

    public async Task<ClaimedBatch?> ClaimAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var transaction = await c.BeginTransactionAsync(ct);
        // The head job picks the alert version (an expired lease first, else the most urgent due job); SKIP LOCKED passes
        // over rows another claimer holds, and a row it committed meanwhile is re-checked against the WHERE clause.
        var head = await c.QueryAsync("""
            SELECT alert_id, version FROM push_jobs WHERE status = 'InFlight' AND lease_until <= @now
            ORDER BY lease_until LIMIT 1 FOR UPDATE SKIP LOCKED;
            """, ReadHead, ct, ("now", now));
        if (head.Count == 0)
            head = await c.QueryAsync("""
                SELECT alert_id, version FROM push_jobs WHERE status = 'Pending' AND not_before <= @now
                ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED;
                """, ReadHead, ct, ("now", now));
        if (head.Count == 0) return null;
        var claimed = await c.QueryAsync("""
            WITH expired AS (
                SELECT id FROM push_jobs WHERE alert_id = @alert AND version = @version AND status = 'InFlight' AND lease_until <= @now
                ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED),
            due AS (
                SELECT id FROM push_jobs WHERE alert_id = @alert AND version = @version AND status = 'Pending' AND not_before <= @now
                ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED),
            chosen AS (
                SELECT id FROM (SELECT id, 0 AS rank FROM expired UNION ALL SELECT id, 1 FROM due) c ORDER BY rank, id LIMIT @max)
            UPDATE push_jobs j SET status = 'InFlight', lease_until = @lease, attempts = attempts + 1, updated_at = @now
            FROM chosen WHERE j.id = chosen.id
            RETURNING j.id;
            """, r => r.GetInt64(0), ct, ("now", now), ("lease", now + lease), ("alert", head[0].Alert), ("version", head[0].Version), ("max", max));
        var jobs = await c.QueryAsync($"""
            SELECT {JobColumns}, d.device_id, d.user_id, d.expo_token, d.fcm_token, d.apns_token, d.updated_at, d.web_endpoint, d.web_p256dh, d.web_auth
            FROM push_jobs j LEFT JOIN devices d ON d.device_id = j.device_id AND d.user_id = j.user_id
            WHERE j.id = ANY(@ids) ORDER BY j.id;
            """, r => (ReadJob(r), r.IsDBNull(17) ? null : PostgresDeviceStore.ReadAt(r, 17)), ct, ("ids", claimed.ToArray()));
        await transaction.CommitAsync(ct);
        return new ClaimedBatch(jobs);
    }

    public async Task CompleteAsync(IReadOnlyList<PushJobResult> results, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var transaction = await c.BeginTransactionAsync(ct);
        foreach (var r in results)
            await c.ExecuteAsync("""
                UPDATE push_jobs SET status = @status, reason = @reason::text, not_before = COALESCE(@retry::timestamptz, not_before), lease_until = NULL,
                    provider = COALESCE(@provider::text, provider), provider_message_id = COALESCE(@message::text, provider_message_id),
                    token = COALESCE(@token::text, token), updated_at = @now
                WHERE id = @id;
                """, ct, ("status", (r.RetryAt is null ? r.Status : PushJobStatus.Pending).ToString()), ("reason", r.Reason),
                ("retry", r.RetryAt), ("provider", r.Provider), ("message", r.ProviderMessageId), ("token", r.Token), ("now", now), ("id", r.JobId));
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<PushJob>> ForAlertAsync(Guid alertId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync($"SELECT {JobColumns} FROM push_jobs j WHERE j.alert_id = @alert ORDER BY j.id;", ReadJob, ct, ("alert", alertId));
    }

    public async Task<IReadOnlyList<(long JobId, string TicketId, string Token)>> AwaitingReceiptAsync(DateTimeOffset sentBefore, int max, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync("""
            SELECT id, provider_message_id, token FROM push_jobs
            WHERE status = 'Sent' AND provider = 'Expo' AND NOT receipt_checked AND updated_at <= @before
              AND provider_message_id IS NOT NULL AND token IS NOT NULL
            ORDER BY updated_at LIMIT @max;
            """, r => (r.GetInt64(0), r.GetString(1), r.GetString(2)), ct, ("before", sentBefore), ("max", max));
    }

    public async Task RecordReceiptsAsync(IReadOnlyList<(long JobId, string? DeadReason)> receipts, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var transaction = await c.BeginTransactionAsync(ct);
        foreach (var (id, dead) in receipts)
            await c.ExecuteAsync("""
                UPDATE push_jobs SET receipt_checked = true, status = CASE WHEN @dead::text IS NULL THEN status ELSE 'Dead' END,
                    reason = COALESCE(@dead::text, reason) WHERE id = @id;
                """, ct, ("dead", dead), ("id", id));
        await transaction.CommitAsync(ct);
    }

    public async Task<int> PendingCountAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync("SELECT COUNT(*)::integer FROM push_jobs WHERE status IN ('Pending', 'InFlight');", r => r.GetInt32(0), ct))[0];
    }

    static (Guid Alert, int Version) ReadHead(NpgsqlDataReader r) => (r.GetGuid(0), r.GetInt32(1));

    static PushJob ReadJob(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetInt32(1), r.GetGuid(2), r.GetString(3), (PushPriority)r.GetInt32(4), r.GetString(5),
        r.GetString(6), r.GetBoolean(7), r.Time(8), r.GetInt64(9), Enum.Parse<PushJobStatus>(r.GetString(10)), r.GetInt32(11),
        r.StringOrNull(12), r.StringOrNull(13), r.StringOrNull(14), r.TimeOrNull(15), r.StringOrNull(16));
}
