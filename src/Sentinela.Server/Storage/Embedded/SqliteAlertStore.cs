using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sentinela.Server.Alerts;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Identity;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>
/// The alert log in SQLite: alert_events holds every version under an AUTOINCREMENT sequence (gap-free: a single writer
/// appends and never deletes), alerts points at each alert's latest event for filtered listing, alert_reach at the places
/// its latest area reaches, for listing by jurisdiction.
/// </summary>
public sealed class SqliteAlertStore(SqliteDatabase database, AlertFootprints footprints) : IAlertStore
{
    // SQLite has one writer; serialising here avoids busy retries between concurrent appends.
    readonly SemaphoreSlim _writeLock = new(1, 1);

    public async Task<IReadOnlyList<OutbreakAlert>> AppendAsync(IReadOnlyList<AlertChange> changes, CancellationToken ct, long? fence = null)
    {
        var appended = new List<OutbreakAlert>();
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = database.Open();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            foreach (var change in changes)
            {
                if (change.NewVersion is { } version)
                    appended.Add(await AppendVersionAsync(connection, transaction, version, ct));
                foreach (var hemogramId in change.NewEvidence)
                    await ExecuteAsync(connection, transaction,
                        "INSERT INTO alert_evidence (alert_id, hemogram_id) VALUES ($a, $h) ON CONFLICT DO NOTHING;", ct,
                        ("$a", change.AlertId.ToString()), ("$h", hemogramId.ToString()));
            }
            await transaction.CommitAsync(ct);
        }
        finally
        {
            _writeLock.Release();
        }
        return appended;
    }

    async Task<OutbreakAlert> AppendVersionAsync(SqliteConnection c, SqliteTransaction t, OutbreakAlert version, CancellationToken ct)
    {
        await using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = """
            INSERT INTO alert_events (alert_id, version, occurred_at, payload) VALUES ($id, $version, $at, '') RETURNING seq;
            """;
        command.Parameters.AddWithValue("$id", version.Id.ToString());
        command.Parameters.AddWithValue("$version", version.Version);
        command.Parameters.AddWithValue("$at", version.UpdatedAt.ToUnixTimeMilliseconds());
        var sequenced = version with { Sequence = (long)(await command.ExecuteScalarAsync(ct))! };

        await ExecuteAsync(c, t, "UPDATE alert_events SET payload = $payload WHERE seq = $seq;", ct,
            ("$payload", JsonSerializer.Serialize(sequenced, SentinelaJson.Options)), ("$seq", sequenced.Sequence));
        await ExecuteAsync(c, t, """
            INSERT INTO alerts (id, last_seq, status, parameter, state, municipality, updated_at)
            VALUES ($id, $seq, $status, $parameter, $state, $municipality, $at)
            ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, status = excluded.status, updated_at = excluded.updated_at;
            """, ct,
            ("$id", sequenced.Id.ToString()), ("$seq", sequenced.Sequence), ("$status", sequenced.Status.ToString()),
            ("$parameter", (object?)sequenced.Parameter?.ApiName() ?? DBNull.Value), ("$state", sequenced.Area.StateCode),
            ("$municipality", (object?)sequenced.Area.MunicipalityCode ?? DBNull.Value), ("$at", sequenced.UpdatedAt.ToUnixTimeMilliseconds()));
        await ExecuteAsync(c, t, "DELETE FROM alert_reach WHERE alert_id = $id;", ct, ("$id", sequenced.Id.ToString()));
        var footprint = footprints.Of(sequenced);
        var reach = footprint.Municipalities.Select(m => (State: m / 100_000, Municipality: m));
        foreach (var (state, municipality) in reach)
            await ExecuteAsync(c, t, "INSERT INTO alert_reach (alert_id, state, municipality) VALUES ($id, $state, $m);", ct,
                ("$id", sequenced.Id.ToString()), ("$state", state), ("$m", municipality));
        return sequenced;
    }

    public async Task<long> LastSequenceAsync(CancellationToken ct)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM alert_events;";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public Task<IReadOnlyList<OutbreakAlert>> ListAsync(AlertQuery q, CancellationToken ct)
    {
        var where = new List<string>();
        var args = new List<(string, object)>();
        void Filter(string sql, string name, object? value)
        {
            if (value is null) return;
            where.Add(sql);
            args.Add((name, value));
        }
        Filter("a.last_seq > $since", "$since", q.SinceSequence);
        Filter("a.last_seq < $before", "$before", q.Before);
        Filter("a.updated_at >= $sinceTime", "$sinceTime", q.Since?.ToUnixTimeMilliseconds());
        Filter("a.state = $state", "$state", q.StateCode);
        Filter("a.municipality = $municipality", "$municipality", q.MunicipalityCode);
        Filter("a.parameter = $parameter", "$parameter", q.Parameter?.ApiName());
        Filter("a.status = $status", "$status", q.Status?.ToString());
        switch (q.Within)
        {
            case { Kind: JurisdictionKind.State, StateCode: { } state }:
                Filter("EXISTS (SELECT 1 FROM alert_reach r WHERE r.alert_id = a.id AND r.state = $jState)", "$jState", state);
                break;
            case { Kind: JurisdictionKind.Municipality, MunicipalityCode: { } code }:
                Filter("""
                    EXISTS (SELECT 1 FROM alert_reach r WHERE r.alert_id = a.id
                            AND (r.municipality = $jCode OR (r.municipality IS NULL AND r.state = $jCode / 100000)))
                    """, "$jCode", code);
                break;
        }
        args.Add(("$limit", q.Limit));
        // A delta reads forward from the client's sequence; a listing reads newest first.
        var order = q.SinceSequence is null ? "DESC" : "ASC";
        var sql = $"""
            SELECT e.payload FROM alerts a JOIN alert_events e ON e.seq = a.last_seq
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY a.last_seq {order} LIMIT $limit;
            """;
        return QueryAlertsAsync(sql, ct, [.. args]);
    }

    public async Task<OutbreakAlert?> GetAsync(Guid id, CancellationToken ct) =>
        (await QueryAlertsAsync("SELECT e.payload FROM alerts a JOIN alert_events e ON e.seq = a.last_seq WHERE a.id = $id;", ct,
            ("$id", id.ToString()))).FirstOrDefault();

    public Task<IReadOnlyList<OutbreakAlert>> HistoryAsync(Guid id, CancellationToken ct) =>
        QueryAlertsAsync("SELECT payload FROM alert_events WHERE alert_id = $id ORDER BY seq;", ct, ("$id", id.ToString()));

    public Task<IReadOnlyList<OutbreakAlert>> EventsAfterAsync(long sequence, int limit, CancellationToken ct) =>
        QueryAlertsAsync("SELECT payload FROM alert_events WHERE seq > $seq ORDER BY seq LIMIT $limit;", ct, ("$seq", sequence), ("$limit", limit));

    public Task<IReadOnlyList<OutbreakAlert>> ActiveAsync(CancellationToken ct) =>
        QueryAlertsAsync("SELECT e.payload FROM alerts a JOIN alert_events e ON e.seq = a.last_seq WHERE a.status = 'Active' ORDER BY a.last_seq;", ct);

    public async Task<IReadOnlyList<Guid>> EvidenceAsync(Guid id, CancellationToken ct)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT hemogram_id FROM alert_evidence WHERE alert_id = $id;";
        command.Parameters.AddWithValue("$id", id.ToString());
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(Guid.Parse(reader.GetString(0)));
        return ids;
    }

    async Task<IReadOnlyList<OutbreakAlert>> QueryAlertsAsync(string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, value);
        var alerts = new List<OutbreakAlert>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            alerts.Add(JsonSerializer.Deserialize<OutbreakAlert>(reader.GetString(0), SentinelaJson.Options)!);
        return alerts;
    }

    static async Task ExecuteAsync(SqliteConnection c, SqliteTransaction t, string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }
}
