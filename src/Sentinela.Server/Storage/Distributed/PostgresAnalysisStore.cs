using Npgsql;
using Sentinela.Server.Analysis.Counting;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>
/// The analysis outbox and counters in PostgreSQL. A worker on any instance claims the oldest entries with
/// <c>FOR UPDATE SKIP LOCKED</c> (instances split the backlog, never take an entry twice), deletes them, and upserts the
/// folded deltas in the same transaction, rows in key order so two instances touching the same municipality-days wait
/// for each other rather than deadlock. A worker that dies mid-batch rolls back: its entries are claimed again.
/// </summary>
public sealed class PostgresAnalysisStore(PostgresDatabase database, TimeProvider clock) : IAnalysisStore
{
    static readonly string Columns = string.Join(", ", CountSlots.ColumnNames);
    static readonly string UpsertDays = $"""
        INSERT INTO daily_counts (municipality, day, {Columns}, changed_at)
        SELECT m, d, {string.Join(", ", Enumerable.Range(0, CountSlots.Width).Select(i => $"v[{i + 1}]"))}, @at
        FROM unnest(@municipalities::integer[], @days::integer[]) WITH ORDINALITY AS k(m, d, n)
        CROSS JOIN LATERAL (SELECT @values::integer[] AS a) s
        CROSS JOIN LATERAL (SELECT a[(n - 1) * {CountSlots.Width} + 1 : n * {CountSlots.Width}] AS v) r
        ORDER BY m, d
        ON CONFLICT (municipality, day) DO UPDATE SET {string.Join(", ", CountSlots.ColumnNames.Select(c => $"{c} = daily_counts.{c} + excluded.{c}"))},
            changed_at = excluded.changed_at;
        """;

    public async Task<int> ApplyOutboxAsync(int max, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var transaction = await c.BeginTransactionAsync(ct);
        var deltas = new CountDeltas();
        var taken = await c.QueryAsync("""
            DELETE FROM analysis_outbox WHERE id IN (SELECT id FROM analysis_outbox ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED)
            RETURNING municipality, day, lab, received_hour, measured, abnormal, sign;
            """, r => new CountChange(r.GetInt32(0), r.GetInt32(1), r.StringOrNull(2), r.GetInt64(3), (uint)r.GetInt32(4),
                (uint)r.GetInt64(5), r.GetInt16(6)), ct, ("max", max));
        if (taken.Count == 0) return 0;
        foreach (var change in taken) deltas.Add(change);
        var days = deltas.Days.OrderBy(e => e.Key.Municipality).ThenBy(e => e.Key.Day).ToList();
        await c.ExecuteAsync(UpsertDays, ct,
            ("municipalities", days.Select(e => e.Key.Municipality).ToArray()),
            ("days", days.Select(e => e.Key.Day).ToArray()),
            ("values", days.SelectMany(e => e.Value).ToArray()),
            ("at", clock.GetUtcNow()));
        var hours = deltas.LabHours.OrderBy(e => e.Key.Lab, StringComparer.Ordinal).ThenBy(e => e.Key.Hour).ToList();
        if (hours.Count > 0)
            await c.ExecuteAsync("""
                INSERT INTO lab_hour_counts (lab, hour, hemograms, municipality)
                SELECT l, h, n, m FROM unnest(@labs::text[], @hours::bigint[], @counts::integer[], @municipalities::integer[]) AS r(l, h, n, m)
                ORDER BY l COLLATE "C", h
                ON CONFLICT (lab, hour) DO UPDATE SET hemograms = lab_hour_counts.hemograms + excluded.hemograms, municipality = excluded.municipality;
                """, ct,
                ("labs", hours.Select(e => e.Key.Lab).ToArray()),
                ("hours", hours.Select(e => e.Key.Hour).ToArray()),
                ("counts", hours.Select(e => e.Value.Hemograms).ToArray()),
                ("municipalities", hours.Select(e => e.Value.Municipality).ToArray()));
        await transaction.CommitAsync(ct);
        return taken.Count;
    }

    public async Task<long> BacklogAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync("SELECT COUNT(*) FROM analysis_outbox;", r => r.GetInt64(0), ct))[0];
    }

    public async Task<IReadOnlyList<DayCounts>> ReadCountsAsync(int fromDay, DateTimeOffset? changedSince, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var changed = changedSince is null ? "" : "AND changed_at >= @since";
        return await c.QueryAsync($"SELECT municipality, day, {Columns} FROM daily_counts WHERE day >= @from {changed};", r =>
        {
            var slots = new int[CountSlots.Width];
            for (var i = 0; i < slots.Length; i++) slots[i] = r.GetInt32(2 + i);
            return new DayCounts(r.GetInt32(0), r.GetInt32(1), slots);
        }, ct, ("from", fromDay), ("since", changedSince));
    }

    public async Task<IReadOnlyList<LabHourCount>> ReadLabHoursAsync(long fromHour, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync("SELECT lab, hour, hemograms, municipality FROM lab_hour_counts WHERE hour >= @from;",
            r => new LabHourCount(r.GetString(0), r.GetInt64(1), r.GetInt32(2), r.GetInt32(3)), ct, ("from", fromHour));
    }

    public async Task PruneAsync(int beforeDay, long beforeHour, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM daily_counts WHERE day < @day;", ct, ("day", beforeDay));
        await c.ExecuteAsync("DELETE FROM lab_hour_counts WHERE hour < @hour;", ct, ("hour", beforeHour));
    }
}
