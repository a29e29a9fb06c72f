using Sentinela.Server.Delivery;

namespace Sentinela.Server.Storage.Embedded;

public sealed class SqliteDeliveryStore(SqliteDatabase database) : IDeliveryStore
{
    public async Task UpsertAsync(IReadOnlyList<DeliveryRecord> records, CancellationToken ct)
    {
        await using var connection = database.Open(durable: false);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO delivery_records (alert_id, version, sequence, recipient, connection_id, status, attempts, delivered_at, acked_at, failed_at, failure_reason)
            VALUES ($alert, $version, $sequence, $recipient, $connection, $status, $attempts, $delivered, $acked, $failed, $reason)
            ON CONFLICT (alert_id, version, connection_id) DO UPDATE SET
                status = excluded.status, attempts = excluded.attempts, acked_at = excluded.acked_at,
                failed_at = excluded.failed_at, failure_reason = excluded.failure_reason;
            """;
        foreach (var name in new[] { "$alert", "$version", "$sequence", "$recipient", "$connection", "$status", "$attempts", "$delivered", "$acked", "$failed", "$reason" })
            command.Parameters.AddWithValue(name, DBNull.Value);
        foreach (var r in records)
        {
            var p = command.Parameters;
            p["$alert"].Value = r.AlertId.ToString();
            p["$version"].Value = r.Version;
            p["$sequence"].Value = r.Sequence;
            p["$recipient"].Value = r.Recipient;
            p["$connection"].Value = r.ConnectionId;
            p["$status"].Value = r.Status.ToString();
            p["$attempts"].Value = r.Attempts;
            p["$delivered"].Value = r.DeliveredAt.ToUnixTimeMilliseconds();
            p["$acked"].Value = (object?)r.AckedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
            p["$failed"].Value = (object?)r.FailedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
            p["$reason"].Value = (object?)r.FailureReason ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ForAlertAsync(Guid alertId, CancellationToken ct)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT alert_id, version, sequence, recipient, connection_id, status, attempts, delivered_at, acked_at, failed_at, failure_reason
            FROM delivery_records WHERE alert_id = $alert ORDER BY sequence, recipient, connection_id;
            """;
        command.Parameters.AddWithValue("$alert", alertId.ToString());
        var records = new List<DeliveryRecord>();
        await using var r = await command.ExecuteReaderAsync(ct);
        static DateTimeOffset? Time(Microsoft.Data.Sqlite.SqliteDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
        while (await r.ReadAsync(ct))
            records.Add(new DeliveryRecord(Guid.Parse(r.GetString(0)), r.GetInt32(1), r.GetInt64(2), r.GetString(3), r.GetString(4),
                Enum.Parse<DeliveryStatus>(r.GetString(5)), r.GetInt32(6), Time(r, 7)!.Value, Time(r, 8), Time(r, 9), r.IsDBNull(10) ? null : r.GetString(10)));
        return records;
    }
}
