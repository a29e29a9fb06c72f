using Microsoft.Data.Sqlite;
using Sentinela.Server.Analysis.Counting;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>
/// The analysis outbox and counters in SQLite. Applying a batch reads the oldest outbox entries, folds them into one delta
/// per counter row, upserts those and deletes the entries in one transaction: a crash before the commit leaves the entries
/// to be applied again, after it leaves nothing to repeat, so each change counts exactly once.
/// </summary>
public sealed class SqliteAnalysisStore(SqliteDatabase database, TimeProvider clock) : IAnalysisStore
{
    static readonly string Columns = string.Join(", ", CountSlots.ColumnNames);
    static readonly string UpsertDay = $"""
        INSERT INTO daily_counts (municipality, day, {Columns}, changed_at) VALUES ($m, $d, {string.Join(", ", CountSlots.ColumnNames.Select(c => "$" + c))}, $at)
        ON CONFLICT (municipality, day) DO UPDATE SET {string.Join(", ", CountSlots.ColumnNames.Select(c => $"{c} = {c} + excluded.{c}"))},
            changed_at = excluded.changed_at;
        """;

    public async Task<int> ApplyOutboxAsync(int max, CancellationToken ct)
    {
        await using var connection = database.Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var deltas = new CountDeltas();
        long last = 0;
        var applied = 0;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT id, municipality, day, lab, received_hour, measured, abnormal, sign FROM analysis_outbox ORDER BY id LIMIT $max;";
            read.Parameters.AddWithValue("$max", max);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                last = reader.GetInt64(0);
                applied++;
                deltas.Add(new CountChange(reader.GetInt32(1), reader.GetInt32(2), reader.StringOrNull(3), reader.GetInt64(4),
                    (uint)reader.GetInt64(5), (uint)reader.GetInt64(6), reader.GetInt32(7)));
            }
        }
        if (applied == 0) return 0;
        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = UpsertDay;
            upsert.Parameters.Add("$m", SqliteType.Integer);
            upsert.Parameters.Add("$d", SqliteType.Integer);
            upsert.Parameters.AddWithValue("$at", clock.GetUtcNow().ToUnixTimeMilliseconds());
            foreach (var c in CountSlots.ColumnNames) upsert.Parameters.Add("$" + c, SqliteType.Integer);
            foreach (var ((municipality, day), row) in deltas.Days)
            {
                upsert.Parameters["$m"].Value = municipality;
                upsert.Parameters["$d"].Value = day;
                for (var i = 0; i < row.Length; i++) upsert.Parameters[3 + i].Value = row[i];
                await upsert.ExecuteNonQueryAsync(ct);
            }
        }
        foreach (var ((lab, hour), (hemograms, municipality)) in deltas.LabHours)
            await connection.ExecuteAsync("""
                INSERT INTO lab_hour_counts (lab, hour, hemograms, municipality) VALUES ($lab, $hour, $n, $m)
                ON CONFLICT (lab, hour) DO UPDATE SET hemograms = hemograms + excluded.hemograms, municipality = excluded.municipality;
                """, ct, ("$lab", lab), ("$hour", hour), ("$n", hemograms), ("$m", municipality));
        await connection.ExecuteAsync("DELETE FROM analysis_outbox WHERE id <= $last;", ct, ("$last", last));
        await transaction.CommitAsync(ct);
        return applied;
    }

    public async Task<long> BacklogAsync(CancellationToken ct)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync("SELECT COUNT(*) FROM analysis_outbox;", r => r.GetInt64(0), ct))[0];
    }

    public async Task<IReadOnlyList<DayCounts>> ReadCountsAsync(int fromDay, DateTimeOffset? changedSince, CancellationToken ct)
    {
        await using var connection = database.Open();
        var changed = changedSince is null ? "" : "AND changed_at >= $since";
        return await connection.QueryAsync($"SELECT municipality, day, {Columns} FROM daily_counts WHERE day >= $from {changed};", r =>
        {
            var slots = new int[CountSlots.Width];
            for (var i = 0; i < slots.Length; i++) slots[i] = r.GetInt32(2 + i);
            return new DayCounts(r.GetInt32(0), r.GetInt32(1), slots);
        }, ct, ("$from", fromDay), ("$since", changedSince?.ToUnixTimeMilliseconds()));
    }

    public async Task<IReadOnlyList<LabHourCount>> ReadLabHoursAsync(long fromHour, CancellationToken ct)
    {
        await using var connection = database.Open();
        return await connection.QueryAsync("SELECT lab, hour, hemograms, municipality FROM lab_hour_counts WHERE hour >= $from;",
            r => new LabHourCount(r.GetString(0), r.GetInt64(1), r.GetInt32(2), r.GetInt32(3)), ct, ("$from", fromHour));
    }

    public async Task PruneAsync(int beforeDay, long beforeHour, CancellationToken ct)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("DELETE FROM daily_counts WHERE day < $day; DELETE FROM lab_hour_counts WHERE hour < $hour;", ct,
            ("$day", beforeDay), ("$hour", beforeHour));
    }
}
