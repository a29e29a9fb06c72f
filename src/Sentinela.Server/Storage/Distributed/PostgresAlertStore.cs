using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Sentinela.Server.Alerts;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Identity;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>
/// The alert log in PostgreSQL, appended to by every instance. alert_events holds every version under a global sequence,
/// alerts points at each alert's latest event for filtered listing, alert_reach at the places its latest area reaches.
/// </summary>
public sealed class PostgresAlertStore(PostgresDatabase database, AlertFootprints footprints) : IAlertStore
{
    public async Task<IReadOnlyList<OutbreakAlert>> AppendAsync(IReadOnlyList<AlertChange> changes, CancellationToken ct, long? fence = null)
    {
        var appended = new List<OutbreakAlert>();
        await using var c = await database.OpenAsync(ct);
        await using var transaction = await c.BeginTransactionAsync(ct);
        if (fence is { } token)
        {
            // Raises the highest token seen, or finds it higher and refuses; the row lock orders fenced appends, and the
            // check commits (or rolls back) with the append itself.
            var seen = (await c.QueryAsync("""
                INSERT INTO alert_fence (token) VALUES (@token)
                ON CONFLICT (id) DO UPDATE SET token = GREATEST(alert_fence.token, excluded.token)
                RETURNING token;
                """, r => r.GetInt64(0), ct, ("token", token)))[0];
            if (seen > token) throw new StaleFenceException(token, seen);
        }
        if (changes.Any(change => change.NewVersion is not null))
        {
            // Gap-free and in commit order across instances: appenders queue on this transaction-scoped lock, and each
            // reads MAX(seq) only once the previous appender has committed (its locks are released after its commit is
            // visible). A rolled-back append never published its numbers, so the next one reuses them: no gaps. A
            // PostgreSQL sequence would be faster but leaves gaps on rollback and can commit 7 before 6 is visible.
            await c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('sentinela.alert_log'));", ct);
            var last = (await c.QueryAsync("SELECT COALESCE(MAX(seq), 0) FROM alert_events;", r => r.GetInt64(0), ct))[0];
            foreach (var change in changes)
                if (change.NewVersion is { } version)
                    appended.Add(await AppendVersionAsync(c, version with { Sequence = ++last }, ct));
        }
        foreach (var change in changes.Where(change => change.NewEvidence.Count > 0))
            await c.ExecuteAsync("""
                INSERT INTO alert_evidence (alert_id, hemogram_id) SELECT @a, h FROM unnest(@h::uuid[]) AS h ON CONFLICT DO NOTHING;
                """, ct, ("a", change.AlertId), ("h", change.NewEvidence.ToArray()));
        await transaction.CommitAsync(ct);
        return appended;
    }

    async Task<OutbreakAlert> AppendVersionAsync(NpgsqlConnection c, OutbreakAlert sequenced, CancellationToken ct)
    {
        await using (var insert = PostgresCommands.Prepare(c, """
            INSERT INTO alert_events (seq, alert_id, version, occurred_at, payload) VALUES (@seq, @id, @version, @at, @payload);
            """, [("seq", sequenced.Sequence), ("id", sequenced.Id), ("version", sequenced.Version), ("at", sequenced.UpdatedAt)]))
        {
            insert.Parameters.AddWithValue("payload", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(sequenced, SentinelaJson.Options));
            await insert.ExecuteNonQueryAsync(ct);
        }
        await c.ExecuteAsync("""
            INSERT INTO alerts (id, last_seq, status, parameter, state, municipality, updated_at)
            VALUES (@id, @seq, @status, @parameter, @state, @municipality::integer, @at)
            ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, status = excluded.status, updated_at = excluded.updated_at;
            """, ct, ("id", sequenced.Id), ("seq", sequenced.Sequence), ("status", sequenced.Status.ToString()),
            ("parameter", sequenced.Parameter?.ApiName()), ("state", sequenced.Area.StateCode), ("municipality", sequenced.Area.MunicipalityCode),
            ("at", sequenced.UpdatedAt));
        var footprint = footprints.Of(sequenced);
        var reach = footprint.Municipalities.Select(m => (State: m / 100_000, Municipality: (int?)m)).ToList();
        await c.ExecuteAsync("""
            DELETE FROM alert_reach WHERE alert_id = @id;
            INSERT INTO alert_reach (alert_id, state, municipality) SELECT @id, s, m FROM unnest(@states::integer[], @municipalities::integer[]) AS r(s, m);
            """, ct, ("id", sequenced.Id), ("states", reach.Select(r => r.State).ToArray()), ("municipalities", reach.Select(r => r.Municipality).ToArray()));
        return sequenced;
    }

    public async Task<long> LastSequenceAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync("SELECT COALESCE(MAX(seq), 0) FROM alert_events;", r => r.GetInt64(0), ct))[0];
    }

    public Task<IReadOnlyList<OutbreakAlert>> ListAsync(AlertQuery q, CancellationToken ct)
    {
        var where = new List<string>();
        var args = new List<(string, object?)>();
        void Filter(string sql, string name, object? value)
        {
            if (value is null) return;
            where.Add(sql);
            args.Add((name, value));
        }
        Filter("a.last_seq > @since", "since", q.SinceSequence);
        Filter("a.last_seq < @before", "before", q.Before);
        Filter("a.updated_at >= @sinceTime", "sinceTime", q.Since);
        Filter("a.state = @state", "state", q.StateCode);
        Filter("a.municipality = @municipality", "municipality", q.MunicipalityCode);
        Filter("a.parameter = @parameter", "parameter", q.Parameter?.ApiName());
        Filter("a.status = @status", "status", q.Status?.ToString());
        switch (q.Within)
        {
            case { Kind: JurisdictionKind.State, StateCode: { } state }:
                Filter("EXISTS (SELECT 1 FROM alert_reach r WHERE r.alert_id = a.id AND r.state = @jState)", "jState", state);
                break;
            case { Kind: JurisdictionKind.Municipality, MunicipalityCode: { } code }:
                Filter("""
                    EXISTS (SELECT 1 FROM alert_reach r WHERE r.alert_id = a.id
                            AND (r.municipality = @jCode OR (r.municipality IS NULL AND r.state = @jCode / 100000)))
                    """, "jCode", code);
                break;
        }
        args.Add(("limit", q.Limit));
        // A delta reads forward from the client's sequence; a listing reads newest first.
        var order = q.SinceSequence is null ? "DESC" : "ASC";
        return QueryAlertsAsync($"""
            SELECT e.payload::text FROM alerts a JOIN alert_events e ON e.seq = a.last_seq
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY a.last_seq {order} LIMIT @limit;
            """, ct, [.. args]);
    }

    public async Task<OutbreakAlert?> GetAsync(Guid id, CancellationToken ct) =>
        (await QueryAlertsAsync("SELECT e.payload::text FROM alerts a JOIN alert_events e ON e.seq = a.last_seq WHERE a.id = @id;", ct,
            ("id", id))).FirstOrDefault();

    public Task<IReadOnlyList<OutbreakAlert>> HistoryAsync(Guid id, CancellationToken ct) =>
        QueryAlertsAsync("SELECT payload::text FROM alert_events WHERE alert_id = @id ORDER BY seq;", ct, ("id", id));

    public Task<IReadOnlyList<OutbreakAlert>> EventsAfterAsync(long sequence, int limit, CancellationToken ct) =>
        QueryAlertsAsync("SELECT payload::text FROM alert_events WHERE seq > @seq ORDER BY seq LIMIT @limit;", ct, ("seq", sequence), ("limit", limit));

    public Task<IReadOnlyList<OutbreakAlert>> ActiveAsync(CancellationToken ct) =>
        QueryAlertsAsync("SELECT e.payload::text FROM alerts a JOIN alert_events e ON e.seq = a.last_seq WHERE a.status = 'Active' ORDER BY a.last_seq;", ct);

    public async Task<IReadOnlyList<Guid>> EvidenceAsync(Guid id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync("SELECT hemogram_id FROM alert_evidence WHERE alert_id = @id;", r => r.GetGuid(0), ct, ("id", id));
    }

    async Task<IReadOnlyList<OutbreakAlert>> QueryAlertsAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync(sql, r => JsonSerializer.Deserialize<OutbreakAlert>(r.GetString(0), SentinelaJson.Options)!, ct, args);
    }
}
