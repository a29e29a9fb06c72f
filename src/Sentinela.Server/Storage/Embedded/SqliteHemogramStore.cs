using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>
/// Hemograms in SQLite with group commit: concurrent requests queue their writes, one writer drains the queue into a
/// single transaction (one fsync for many hemograms) and completes every request only after that commit. A write that
/// finds its hemogram already stored (by a result's identity, or by its group within the merge window) is revised there,
/// by <see cref="HemogramLifecycle"/>: the old version goes to the history, and the counters take back its count.
/// </summary>
public sealed class SqliteHemogramStore : IHemogramStore, IAsyncDisposable
{
    sealed record PendingWrite(IReadOnlyList<Hemogram> Hemograms, bool AllOrNothing, TaskCompletionSource<IReadOnlyList<HemogramWriteResult>> Done);

    static readonly string ValueColumns = string.Join(", ", HemogramParameters.All.Select(p => p.ApiName()));

    /// <summary>Every column a hemogram is read from, in the order <see cref="Read"/> expects.</summary>
    static readonly string SelectColumns =
        $"seq, id, source_key, lab, municipality, state, lat, lon, sex, age_band, collected_at, received_at, abnormal_mask, {ValueColumns}, "
        + "version, status, location_source, absent_mask, group_key, submitter, content_hash, members, updated_at, counted";

    /// <summary>The columns a write sets (all but seq), as named parameters.</summary>
    static readonly string[] WrittenColumns =
    [
        "id", "source_key", "lab", "municipality", "state", "lat", "lon", "sex", "age_band", "collected_at", "received_at", "abnormal_mask",
        .. HemogramParameters.All.Select(p => p.ApiName()),
        "version", "status", "location_source", "absent_mask", "group_key", "submitter", "content_hash", "members", "updated_at", "counted",
    ];

    readonly SqliteDatabase _database;
    readonly HemogramLifecycle _lifecycle;
    readonly TimeProvider _clock;
    readonly int _maxBatch;
    readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    readonly Task _writer;

    public SqliteHemogramStore(SqliteDatabase database, IOptions<EmbeddedStorageOptions> options, HemogramLifecycle lifecycle, TimeProvider clock)
    {
        (_database, _maxBatch, _lifecycle, _clock) = (database, options.Value.MaxBatch, lifecycle, clock);
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<IReadOnlyList<HemogramWriteResult>> AppendAsync(IReadOnlyList<Hemogram> hemograms, CancellationToken ct, bool allOrNothing = false)
    {
        var pending = new PendingWrite(hemograms, allOrNothing, new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(SqliteHemogramStore));
        // Not cancellable once queued: the write may already be committed, and the caller must learn its outcome.
        return await pending.Done.Task;
    }

    async Task WriteLoopAsync()
    {
        using var connection = _database.Open();
        // The one writer gets a 64 MiB page cache (SQLite's default is 2 MiB): the identity indexes are random keys, and a
        // bulk import's transaction touches most of their pages (docs/BENCHMARKS.md, issue 15).
        using (var cache = connection.CreateCommand())
        {
            cache.CommandText = "PRAGMA cache_size=-65536;";
            cache.ExecuteNonQuery();
        }
        using var statements = new Statements(connection);
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
                statements.Enlist(transaction);
                var now = _clock.GetUtcNow();
                for (var i = 0; i < batch.Count; i++)
                {
                    // A savepoint per request keeps one bad request from failing the others in its batch.
                    transaction.Save("request");
                    try
                    {
                        var written = new HemogramWriteResult[batch[i].Hemograms.Count];
                        for (var j = 0; j < written.Length; j++) written[j] = Write(batch[i].Hemograms[j], statements, now);
                        results[i] = written;
                        if (batch[i].AllOrNothing && written.Any(w => !w.Stored)) transaction.Rollback("request");
                        else transaction.Release("request");
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

    HemogramWriteResult Write(Hemogram candidate, Statements s, DateTimeOffset now)
    {
        // The common case, one new result: a plain insert that the unique source key turns away when it is not new.
        if (candidate is { GroupKey: null, Members.Count: 1 } && !candidate.Members[0].IsRetracted && !s.IsExtraKey(candidate.SourceKey)
            && _lifecycle.New(candidate) is { } fresh && s.TryInsert(fresh) is { } seq)
            return new HemogramWriteResult(fresh.Id, seq, WriteOutcome.Created, fresh with { Sequence = seq });

        var stored = FindStored(candidate, s);
        if (stored is null)
        {
            if (_lifecycle.New(candidate) is not { } created)
                return new HemogramWriteResult(Guid.Empty, 0, WriteOutcome.NotFound, null, "no stored result has this identity");
            var inserted = s.TryInsert(created) ?? throw new InvalidOperationException("A hemogram's source key is stored but was not found.");
            foreach (var member in created.Members.Skip(1)) s.AddKey(member.Key, inserted);
            return new HemogramWriteResult(created.Id, inserted, WriteOutcome.Created, created with { Sequence = inserted });
        }

        var revision = _lifecycle.Revise(stored, candidate, now);
        if (revision.Outcome is WriteOutcome.Updated or WriteOutcome.Retracted)
        {
            var next = revision.Hemogram;
            s.Archive(stored, now);
            s.Update(next);
            var known = stored.Members.Select(m => m.Key).Append(stored.SourceKey).ToHashSet();
            foreach (var member in next.Members.Where(m => !known.Contains(m.Key))) s.AddKey(member.Key, stored.Sequence);
            var (before, after) = (CountChange.Of(stored, -1), CountChange.Of(next));
            if (!(stored.Counted && next.Counted && before.Equals(after with { Sign = -1 })))
            {
                if (stored.Counted) s.Queue(before);
                if (next.Counted) s.Queue(after);
            }
        }
        return new HemogramWriteResult(stored.Id, stored.Sequence, revision.Outcome, revision.Hemogram, revision.Detail);
    }

    /// <summary>The stored hemogram a candidate revises: one holding any of its results, else its group's latest within the merge window.</summary>
    Hemogram? FindStored(Hemogram candidate, Statements s)
    {
        foreach (var member in candidate.Members)
            if (s.FindByKey(member.Key) is { } seq) return s.Load(seq);
        if (candidate.GroupKey is null || s.FindByGroup(candidate.GroupKey) is not { } grouped) return null;
        var stored = s.Load(grouped);
        return _lifecycle.MayJoin(stored, candidate) ? stored : null;
    }

    public async Task<IReadOnlyList<Hemogram>> AbnormalAsync(IReadOnlyCollection<int> municipalities, Condition condition,
        DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct)
    {
        await using var connection = _database.Open();
        // Only what the counters count: a retracted or uncounted preliminary hemogram is no evidence.
        return await connection.QueryAsync($"""
            SELECT {SelectColumns} FROM hemograms
            WHERE municipality IN (SELECT value FROM json_each($municipalities)) AND collected_at >= $from AND collected_at < $to
              AND (abnormal_mask & $bit) != 0 AND counted = 1
            ORDER BY collected_at DESC LIMIT $limit;
            """, Read, ct, ("$municipalities", System.Text.Json.JsonSerializer.Serialize(municipalities)), ("$from", from.ToUnixTimeMilliseconds()),
            ("$to", to.ToUnixTimeMilliseconds()), ("$bit", (long)condition.Bit), ("$limit", limit));
    }

    public async Task<IReadOnlyList<Hemogram>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
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
                list.Add(ReadFinding(reader, 1));
            }
        }
        return found.Values.Select(h => findings.TryGetValue(h.Sequence, out var f) ? h with { Findings = f } : h).ToList();
    }

    public async Task<IReadOnlyList<Hemogram>> HistoryAsync(Guid id, CancellationToken ct)
    {
        if ((await GetAsync([id], ct)) is not [var current]) return [];
        await using var connection = _database.Open();
        var earlier = await connection.QueryAsync("SELECT payload FROM hemogram_versions WHERE hemogram_seq = $seq ORDER BY version;",
            r => HemogramRecords.ReadSnapshot(r.GetString(0), current.Sequence), ct, ("$seq", current.Sequence));
        return [.. earlier, current];
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
        // (municipality, collected_at) for a municipality and (collected_at) otherwise. Only what the counters count.
        var region = query.MunicipalityCode is not null ? "AND municipality = $municipality" : query.StateCode is not null ? "AND state = $state" : "";
        return await connection.QueryAsync($"""
            SELECT municipality, COUNT(*), SUM((abnormal_mask & $bits) != 0) FROM hemograms
            WHERE collected_at >= $from AND collected_at < $to {region} AND {query.Parameter.ApiName()} IS NOT NULL AND counted = 1
            GROUP BY municipality;
            """, r => new HemogramDensity(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)), ct,
            ("$bits", (long)query.AbnormalBits), ("$from", query.From.ToUnixTimeMilliseconds()), ("$to", query.To.ToUnixTimeMilliseconds()),
            ("$state", query.StateCode), ("$municipality", query.MunicipalityCode));
    }

    static Finding ReadFinding(SqliteDataReader r, int first) => new((HemogramParameter)r.GetInt32(first), (Direction)r.GetInt32(first + 1),
        r.GetDouble(first + 2), r.GetDouble(first + 3), r.GetDouble(first + 4), (FindingSeverity)r.GetInt32(first + 5));

    static Hemogram Read(SqliteDataReader r)
    {
        var measurements = new List<Measurement>();
        foreach (var p in HemogramParameters.All)
            if (!r.IsDBNull(13 + (int)p)) measurements.Add(new Measurement(p, r.GetDouble(13 + (int)p)));
        const int more = 13 + 8;
        return new Hemogram
        {
            Sequence = r.GetInt64(0),
            Id = Guid.Parse(r.GetString(1)),
            SourceKey = SqliteSourceKey.Read(r, 2),
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
            Version = r.GetInt32(more),
            Status = (HemogramStatus)r.GetInt32(more + 1),
            LocationSource = r.IsDBNull(more + 2) ? LocationSource.Unknown : (LocationSource)r.GetInt32(more + 2),
            AbsentMask = (uint)r.GetInt64(more + 3),
            GroupKey = r.StringOrNull(more + 4),
            Submitter = r.IsDBNull(more + 5) ? null : Guid.Parse(r.GetString(more + 5)),
            ContentHash = r.StringOrNull(more + 6),
            Members = r.IsDBNull(more + 7) ? [] : HemogramRecords.ReadMembers(r.GetString(more + 7)),
            UpdatedAt = r.TimeOrNull(more + 8),
            Counted = r.GetInt64(more + 9) != 0,
        };
    }

    /// <summary>The writer's prepared statements, on its one connection.</summary>
    sealed class Statements : IDisposable
    {
        readonly SqliteCommand _bySourceKey, _byGroup, _load, _loadFindings, _deleteFindings, _addKey, _archive;
        // The statements run for every hemogram are bound by position (PositionalStatement says why).
        readonly PositionalStatement _insert, _update, _finding, _outbox, _byExtraKey;

        public Statements(SqliteConnection c)
        {
            var positions = WrittenColumns.Select((_, i) => $"?{i + 1}").ToArray();
            _insert = new(c, $"""
                INSERT INTO hemograms ({string.Join(", ", WrittenColumns)}) VALUES ({string.Join(", ", positions)})
                ON CONFLICT (source_key) DO NOTHING RETURNING seq;
                """);
            _update = new(c, $"UPDATE hemograms SET {string.Join(", ", WrittenColumns.Select((n, i) => $"{n} = {positions[i]}"))} WHERE seq = ?{WrittenColumns.Length + 1};");
            _bySourceKey = Command(c, "SELECT seq FROM hemograms WHERE source_key = $key;", "key");
            _byExtraKey = new(c, "SELECT hemogram_seq FROM hemogram_keys WHERE key = ?1;");
            _byGroup = Command(c, "SELECT seq FROM hemograms WHERE group_key = $group ORDER BY seq DESC LIMIT 1;", "group");
            _load = Command(c, $"SELECT {SelectColumns} FROM hemograms WHERE seq = $seq;", "seq");
            _loadFindings = Command(c, "SELECT parameter, direction, value, reference_low, reference_high, severity FROM findings WHERE hemogram_seq = $seq;", "seq");
            _deleteFindings = Command(c, "DELETE FROM findings WHERE hemogram_seq = $seq;", "seq");
            _finding = new(c, """
                INSERT INTO findings (hemogram_seq, parameter, direction, value, reference_low, reference_high, severity)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
                """);
            _addKey = Command(c, "INSERT INTO hemogram_keys (key, hemogram_seq) VALUES ($key, $seq) ON CONFLICT (key) DO NOTHING;", "key", "seq");
            _archive = Command(c, """
                INSERT INTO hemogram_versions (hemogram_seq, version, recorded_at, payload) VALUES ($seq, $version, $at, $payload)
                ON CONFLICT DO NOTHING;
                """, "seq", "version", "at", "payload");
            _outbox = new(c, """
                INSERT INTO analysis_outbox (municipality, day, lab, received_hour, measured, abnormal, sign)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
                """);
        }

        IEnumerable<SqliteCommand> All => [_bySourceKey, _byGroup, _load, _loadFindings, _deleteFindings, _addKey, _archive];

        public void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in All) command.Transaction = transaction;
        }

        /// <summary>Whether the key belongs to a result that joined another hemogram (the hemogram's first result is its source key).</summary>
        public bool IsExtraKey(string key)
        {
            _byExtraKey.Text(1, key);
            return _byExtraKey.Execute() is not null;
        }

        public long? FindByKey(string key)
        {
            _bySourceKey.Parameters["$key"].Value = SqliteSourceKey.Stored(key);
            if (_bySourceKey.ExecuteScalar() is long seq) return seq;
            _byExtraKey.Text(1, key);
            return _byExtraKey.Execute();
        }

        public long? FindByGroup(string group)
        {
            _byGroup.Parameters["$group"].Value = group;
            return _byGroup.ExecuteScalar() as long?;
        }

        public Hemogram Load(long seq)
        {
            _load.Parameters["$seq"].Value = seq;
            Hemogram h;
            using (var reader = _load.ExecuteReader())
            {
                reader.Read();
                h = Read(reader);
            }
            _loadFindings.Parameters["$seq"].Value = seq;
            var findings = new List<Finding>();
            using (var reader = _loadFindings.ExecuteReader())
                while (reader.Read()) findings.Add(ReadFinding(reader, 0));
            return h with { Findings = findings };
        }

        /// <summary>Inserts a new hemogram with its findings and analysis work; null when its source key is already stored.</summary>
        public long? TryInsert(Hemogram h)
        {
            Bind(_insert, h);
            if (_insert.Execute() is not { } seq) return null;
            AddFindings(seq, h.Findings);
            // The analysis work, durable with the hemogram: the counters catch up from here whatever happens next.
            if (h.Counted) Queue(CountChange.Of(h));
            return seq;
        }

        public void Update(Hemogram h)
        {
            Bind(_update, h);
            _update.Integer(WrittenColumns.Length + 1, h.Sequence);
            _update.Execute();
            _deleteFindings.Parameters["$seq"].Value = h.Sequence;
            _deleteFindings.ExecuteNonQuery();
            AddFindings(h.Sequence, h.Findings);
        }

        public void AddKey(string key, long seq)
        {
            _addKey.Parameters["$key"].Value = key;
            _addKey.Parameters["$seq"].Value = seq;
            _addKey.ExecuteNonQuery();
        }

        /// <summary>Keeps the version being replaced, whole, for audit and reading back.</summary>
        public void Archive(Hemogram h, DateTimeOffset at)
        {
            var p = _archive.Parameters;
            p["$seq"].Value = h.Sequence;
            p["$version"].Value = h.Version;
            p["$at"].Value = at.ToUnixTimeMilliseconds();
            p["$payload"].Value = HemogramRecords.SnapshotJson(h);
            _archive.ExecuteNonQuery();
        }

        public void Queue(CountChange change)
        {
            _outbox.Integer(1, change.Municipality);
            _outbox.Integer(2, change.Day);
            _outbox.Text(3, change.Lab);
            _outbox.Integer(4, change.ReceivedHour);
            _outbox.Integer(5, change.MeasuredMask);
            _outbox.Integer(6, change.AbnormalMask);
            _outbox.Integer(7, change.Sign);
            _outbox.Execute();
        }

        void AddFindings(long seq, IReadOnlyList<Finding> findings)
        {
            foreach (var f in findings)
            {
                _finding.Integer(1, seq);
                _finding.Integer(2, (int)f.Parameter);
                _finding.Integer(3, (int)f.Direction);
                _finding.Real(4, f.Value);
                _finding.Real(5, f.ReferenceLow);
                _finding.Real(6, f.ReferenceHigh);
                _finding.Integer(7, (int)f.Severity);
                _finding.Execute();
            }
        }

        /// <summary>Binds a hemogram's values to positions 1 to 28, in <see cref="WrittenColumns"/>' order.</summary>
        static void Bind(PositionalStatement s, Hemogram h)
        {
            var i = 1;
            s.Text(i++, h.Id.ToString());
            SqliteSourceKey.Bind(s, i++, h.SourceKey);
            s.Text(i++, h.Lab);
            s.Integer(i++, h.MunicipalityCode);
            s.Integer(i++, h.StateCode);
            s.Real(i++, h.Location.Latitude);
            s.Real(i++, h.Location.Longitude);
            s.Integer(i++, (int)h.Sex);
            s.Text(i++, h.AgeBand);
            s.Integer(i++, h.CollectedAt.ToUnixTimeMilliseconds());
            s.Integer(i++, h.ReceivedAt.ToUnixTimeMilliseconds());
            s.Integer(i++, h.AbnormalMask);
            foreach (var parameter in HemogramParameters.All) s.Real(i++, h.ValueOf(parameter));
            s.Integer(i++, h.Version);
            s.Integer(i++, (int)h.Status);
            s.Integer(i++, (int)h.LocationSource);
            s.Integer(i++, h.AbsentMask);
            s.Text(i++, h.GroupKey);
            s.Text(i++, h.Submitter?.ToString());
            s.Text(i++, h.ContentHash);
            s.Text(i++, h.HasExplicitMembers ? HemogramRecords.MembersJson(h.Members) : null);
            s.Integer(i++, h.UpdatedAt?.ToUnixTimeMilliseconds());
            s.Integer(i++, h.Counted ? 1 : 0);
            Debug.Assert(i == WrittenColumns.Length + 1);
        }

        static SqliteCommand Command(SqliteConnection c, string sql, params string[] parameters)
        {
            var command = c.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters) command.Parameters.AddWithValue("$" + name, DBNull.Value);
            return command;
        }

        public void Dispose()
        {
            foreach (var command in All) command.Dispose();
            foreach (var statement in new[] { _insert, _update, _finding, _outbox, _byExtraKey }) statement.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
