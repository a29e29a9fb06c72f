using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>
/// Hemograms in SQLite with group commit: concurrent requests queue their writes, one writer drains the queue into a
/// single transaction (one fsync for many hemograms) and completes every request only after that commit.
/// </summary>
public sealed class SqliteHemogramStore : IHemogramStore, IAsyncDisposable
{
    sealed record PendingWrite(IReadOnlyList<Hemogram> Hemograms, TaskCompletionSource<IReadOnlyList<HemogramWriteResult>> Done);

    static readonly string ValueColumns = string.Join(", ", HemogramParameters.All.Select(p => p.ApiName()));

    readonly SqliteDatabase _database;
    readonly int _maxBatch;
    readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    readonly Task _writer;

    public SqliteHemogramStore(SqliteDatabase database, IOptions<EmbeddedStorageOptions> options)
    {
        (_database, _maxBatch) = (database, options.Value.MaxBatch);
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<IReadOnlyList<HemogramWriteResult>> AppendAsync(IReadOnlyList<Hemogram> hemograms, CancellationToken ct)
    {
        var pending = new PendingWrite(hemograms, new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(SqliteHemogramStore));
        // Not cancellable once queued: the write may already be committed, and the caller must learn its outcome.
        return await pending.Done.Task;
    }

    async Task WriteLoopAsync()
    {
        using var connection = _database.Open();
        using var insert = InsertCommand(connection);
        using var existing = connection.CreateCommand();
        existing.CommandText = "SELECT id, seq FROM hemograms WHERE source_key = $key;";
        existing.Parameters.Add("$key", SqliteType.Text);
        using var finding = FindingCommand(connection);
        using var outbox = OutboxCommand(connection);
        var batch = new List<PendingWrite>();

        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var count = 0;
            while (count < _maxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Hemograms.Count;
            }

            var results = new IReadOnlyList<HemogramWriteResult>?[batch.Count];
            try
            {
                using var transaction = connection.BeginTransaction();
                (insert.Transaction, existing.Transaction, finding.Transaction, outbox.Transaction) = (transaction, transaction, transaction, transaction);
                for (var i = 0; i < batch.Count; i++)
                {
                    // A savepoint per request keeps one bad request from failing the others in its batch.
                    transaction.Save("request");
                    try
                    {
                        results[i] = batch[i].Hemograms.Select(h => Write(h, insert, existing, finding, outbox)).ToList();
                        transaction.Release("request");
                    }
                    catch (SqliteException e)
                    {
                        transaction.Rollback("request");
                        batch[i].Done.TrySetException(e);
                    }
                }
                transaction.Commit();
            }
            catch (Exception e)
            {
                foreach (var pending in batch) pending.Done.TrySetException(e);
                continue;
            }
            for (var i = 0; i < batch.Count; i++)
                if (results[i] is { } r) batch[i].Done.TrySetResult(r);
        }
    }

    static HemogramWriteResult Write(Hemogram h, SqliteCommand insert, SqliteCommand existing, SqliteCommand finding, SqliteCommand outbox)
    {
        var p = insert.Parameters;
        p["$id"].Value = h.Id.ToString();
        p["$source_key"].Value = h.SourceKey;
        p["$lab"].Value = (object?)h.Lab ?? DBNull.Value;
        p["$municipality"].Value = h.MunicipalityCode;
        p["$state"].Value = h.StateCode;
        p["$lat"].Value = h.Location.Latitude;
        p["$lon"].Value = h.Location.Longitude;
        p["$sex"].Value = (int)h.Sex;
        p["$age_band"].Value = (object?)h.AgeBand ?? DBNull.Value;
        p["$collected_at"].Value = h.CollectedAt.ToUnixTimeMilliseconds();
        p["$received_at"].Value = h.ReceivedAt.ToUnixTimeMilliseconds();
        p["$abnormal_mask"].Value = h.AbnormalMask;
        foreach (var parameter in HemogramParameters.All)
            p["$" + parameter.ApiName()].Value = (object?)h.ValueOf(parameter) ?? DBNull.Value;

        if (insert.ExecuteScalar() is long seq)
        {
            foreach (var f in h.Findings)
            {
                var fp = finding.Parameters;
                fp["$seq"].Value = seq;
                fp["$parameter"].Value = (int)f.Parameter;
                fp["$direction"].Value = (int)f.Direction;
                fp["$value"].Value = f.Value;
                fp["$low"].Value = f.ReferenceLow;
                fp["$high"].Value = f.ReferenceHigh;
                fp["$severity"].Value = (int)f.Severity;
                finding.ExecuteNonQuery();
            }
            // The analysis work, durable with the hemogram: the counters catch up from here whatever happens next.
            var change = CountChange.Of(h);
            var op = outbox.Parameters;
            op["$municipality"].Value = change.Municipality;
            op["$day"].Value = change.Day;
            op["$lab"].Value = (object?)change.Lab ?? DBNull.Value;
            op["$hour"].Value = change.ReceivedHour;
            op["$measured"].Value = change.MeasuredMask;
            op["$abnormal"].Value = change.AbnormalMask;
            op["$sign"].Value = change.Sign;
            outbox.ExecuteNonQuery();
            return new HemogramWriteResult(h.Id, seq, Created: true);
        }
        existing.Parameters["$key"].Value = h.SourceKey;
        using var reader = existing.ExecuteReader();
        reader.Read();
        return new HemogramWriteResult(Guid.Parse(reader.GetString(0)), reader.GetInt64(1), Created: false);
    }

    public async Task<IReadOnlyList<Hemogram>> AbnormalAsync(IReadOnlyCollection<int> municipalities, Condition condition,
        DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct)
    {
        await using var connection = _database.Open();
        return await connection.QueryAsync($"""
            SELECT {SelectColumns} FROM hemograms
            WHERE municipality IN (SELECT value FROM json_each($municipalities)) AND collected_at >= $from AND collected_at < $to
              AND (abnormal_mask & $bit) != 0
            ORDER BY collected_at DESC LIMIT $limit;
            """, Read, ct, ("$municipalities", System.Text.Json.JsonSerializer.Serialize(municipalities)), ("$from", from.ToUnixTimeMilliseconds()),
            ("$to", to.ToUnixTimeMilliseconds()), ("$bit", (long)condition.Bit), ("$limit", limit));
    }

    public async Task<IReadOnlyList<Hemogram>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var found = new Dictionary<long, Hemogram>(ids.Count);
        await using var connection = _database.Open();
        // json_each turns one JSON array parameter into a set, so any number of ids is one query, not one per id.
        var idList = System.Text.Json.JsonSerializer.Serialize(ids.Select(id => id.ToString()));
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {SelectColumns} FROM hemograms WHERE id IN (SELECT value FROM json_each($ids));";
            command.Parameters.AddWithValue("$ids", idList);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var h = Read(reader);
                found[h.Sequence] = h;
            }
        }
        var findings = new Dictionary<long, List<Finding>>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT f.hemogram_seq, f.parameter, f.direction, f.value, f.reference_low, f.reference_high, f.severity
                FROM findings f JOIN hemograms h ON h.seq = f.hemogram_seq
                WHERE h.id IN (SELECT value FROM json_each($ids));
                """;
            command.Parameters.AddWithValue("$ids", idList);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var seq = reader.GetInt64(0);
                if (!findings.TryGetValue(seq, out var list)) findings[seq] = list = [];
                list.Add(new Finding((HemogramParameter)reader.GetInt32(1), (Direction)reader.GetInt32(2), reader.GetDouble(3),
                    reader.GetDouble(4), reader.GetDouble(5), (FindingSeverity)reader.GetInt32(6)));
            }
        }
        return found.Values.Select(h => findings.TryGetValue(h.Sequence, out var f) ? h with { Findings = f } : h).ToList();
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM hemograms;";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<HemogramDensity>> DensityAsync(DensityQuery query, CancellationToken ct)
    {
        await using var connection = _database.Open();
        // The column name comes from the enum, never from input. Filters are added only when given, so SQLite can pick
        // (municipality, collected_at) for a municipality and (collected_at) otherwise.
        var region = query.MunicipalityCode is not null ? "AND municipality = $municipality" : query.StateCode is not null ? "AND state = $state" : "";
        return await connection.QueryAsync($"""
            SELECT municipality, COUNT(*), SUM((abnormal_mask & $bits) != 0) FROM hemograms
            WHERE collected_at >= $from AND collected_at < $to {region} AND {query.Parameter.ApiName()} IS NOT NULL
            GROUP BY municipality;
            """, r => new HemogramDensity(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)), ct,
            ("$bits", (long)query.AbnormalBits), ("$from", query.From.ToUnixTimeMilliseconds()), ("$to", query.To.ToUnixTimeMilliseconds()),
            ("$state", query.StateCode), ("$municipality", query.MunicipalityCode));
    }

    static readonly string SelectColumns =
        $"seq, id, source_key, lab, municipality, state, lat, lon, sex, age_band, collected_at, received_at, abnormal_mask, {ValueColumns}";

    static Hemogram Read(SqliteDataReader r)
    {
        var measurements = new List<Measurement>();
        foreach (var p in HemogramParameters.All)
            if (!r.IsDBNull(13 + (int)p)) measurements.Add(new Measurement(p, r.GetDouble(13 + (int)p)));
        return new Hemogram
        {
            Sequence = r.GetInt64(0),
            Id = Guid.Parse(r.GetString(1)),
            SourceKey = r.GetString(2),
            Lab = r.IsDBNull(3) ? null : r.GetString(3),
            MunicipalityCode = r.GetInt32(4),
            StateCode = r.GetInt32(5),
            Location = new GeoPoint(r.GetDouble(6), r.GetDouble(7)),
            Sex = (Sex)r.GetInt32(8),
            AgeBand = r.IsDBNull(9) ? null : r.GetString(9),
            CollectedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)),
            AbnormalMask = (uint)r.GetInt64(12),
            Measurements = measurements,
        };
    }

    static SqliteCommand InsertCommand(SqliteConnection connection)
    {
        var names = new[] { "id", "source_key", "lab", "municipality", "state", "lat", "lon", "sex", "age_band", "collected_at", "received_at", "abnormal_mask" }
            .Concat(HemogramParameters.All.Select(p => p.ApiName())).ToArray();
        var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO hemograms ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select(n => "$" + n))})
            ON CONFLICT (source_key) DO NOTHING RETURNING seq;
            """;
        foreach (var n in names) command.Parameters.AddWithValue("$" + n, DBNull.Value);
        return command;
    }

    static SqliteCommand OutboxCommand(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO analysis_outbox (municipality, day, lab, received_hour, measured, abnormal, sign)
            VALUES ($municipality, $day, $lab, $hour, $measured, $abnormal, $sign);
            """;
        foreach (var n in new[] { "$municipality", "$day", "$lab", "$hour", "$measured", "$abnormal", "$sign" })
            command.Parameters.AddWithValue(n, DBNull.Value);
        return command;
    }

    static SqliteCommand FindingCommand(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO findings (hemogram_seq, parameter, direction, value, reference_low, reference_high, severity)
            VALUES ($seq, $parameter, $direction, $value, $low, $high, $severity);
            """;
        foreach (var n in new[] { "$seq", "$parameter", "$direction", "$value", "$low", "$high", "$severity" })
            command.Parameters.AddWithValue(n, DBNull.Value);
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
