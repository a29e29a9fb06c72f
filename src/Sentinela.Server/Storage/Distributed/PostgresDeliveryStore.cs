using Sentinela.Server.Delivery;

namespace Sentinela.Server.Storage.Distributed;

public sealed class PostgresDeliveryStore(PostgresDatabase database) : IDeliveryStore
{
    public async Task UpsertAsync(IReadOnlyList<DeliveryRecord> records, CancellationToken ct)
    {
        if (records.Count == 0) return;
        // One statement may not update a row twice, so a batch holding several outcomes of one delivery is folded first, to
        // what applying them in order would leave: the first record's insert-only fields, the last one's outcome.
        var folded = records.GroupBy(r => (r.AlertId, r.Version, r.ConnectionId))
            .Select(g => g.Last() with { Sequence = g.First().Sequence, Recipient = g.First().Recipient, DeliveredAt = g.First().DeliveredAt })
            .ToList();
        await using var c = await database.OpenAsync(ct);
        await using var transaction = await c.BeginTransactionAsync(ct);
        // A receipt lost to a crash in the next ~0.6 s costs a resend, not data: no wait for the WAL flush.
        await c.ExecuteAsync("SET LOCAL synchronous_commit TO off;", ct);
        await c.ExecuteAsync("""
            INSERT INTO delivery_records (alert_id, version, sequence, recipient, connection_id, status, attempts, delivered_at, acked_at, failed_at, failure_reason)
            SELECT * FROM unnest(@alert::uuid[], @version::integer[], @sequence::bigint[], @recipient::text[], @connection::text[], @status::text[],
                                 @attempts::integer[], @delivered::timestamptz[], @acked::timestamptz[], @failed::timestamptz[], @reason::text[])
            ON CONFLICT (alert_id, version, connection_id) DO UPDATE SET
                status = excluded.status, attempts = excluded.attempts, acked_at = excluded.acked_at,
                failed_at = excluded.failed_at, failure_reason = excluded.failure_reason;
            """, ct,
            ("alert", folded.Select(r => r.AlertId).ToArray()), ("version", folded.Select(r => r.Version).ToArray()),
            ("sequence", folded.Select(r => r.Sequence).ToArray()), ("recipient", folded.Select(r => r.Recipient).ToArray()),
            ("connection", folded.Select(r => r.ConnectionId).ToArray()), ("status", folded.Select(r => r.Status.ToString()).ToArray()),
            ("attempts", folded.Select(r => r.Attempts).ToArray()), ("delivered", folded.Select(r => PostgresCommands.Utc(r.DeliveredAt)).ToArray()),
            ("acked", folded.Select(r => Utc(r.AckedAt)).ToArray()), ("failed", folded.Select(r => Utc(r.FailedAt)).ToArray()),
            ("reason", folded.Select(r => r.FailureReason).ToArray()));
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ForAlertAsync(Guid alertId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync("""
            SELECT alert_id, version, sequence, recipient, connection_id, status, attempts, delivered_at, acked_at, failed_at, failure_reason
            FROM delivery_records WHERE alert_id = @alert ORDER BY sequence, recipient COLLATE "C", connection_id COLLATE "C";
            """, r => new DeliveryRecord(r.GetGuid(0), r.GetInt32(1), r.GetInt64(2), r.GetString(3), r.GetString(4),
            Enum.Parse<DeliveryStatus>(r.GetString(5)), r.GetInt32(6), r.Time(7), r.TimeOrNull(8), r.TimeOrNull(9), r.StringOrNull(10)),
            ct, ("alert", alertId));
    }

    static DateTimeOffset? Utc(DateTimeOffset? time) => time is { } t ? PostgresCommands.Utc(t) : null;
}
