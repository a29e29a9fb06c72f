using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>
/// Hemograms in PostgreSQL with group commit: concurrent requests queue their writes; one writer per instance drains up
/// to MaxBatch hemograms into one statement — a multi-row INSERT … ON CONFLICT into hemogram_keys (idempotency by
/// source key, across instances) and, in the same statement, an INSERT of the new rows into the monthly partitions and of
/// their analysis work into the outbox —
/// and completes every request only after it commits. If a batch fails, its requests are retried one by one so one bad request fails alone.
/// Writes that are not one new result (several results, a group, a retraction) and those whose key was already claimed
/// are revised one at a time, each in its own transaction that locks the stored hemogram's row (and, for a group, an
/// advisory lock on the group), by <see cref="HemogramLifecycle"/>, as the embedded store does.
/// </summary>
public sealed class PostgresHemogramStore : IHemogramStore, IAsyncDisposable
{
    sealed record PendingWrite(IReadOnlyList<Hemogram> Hemograms, bool AllOrNothing, TaskCompletionSource<IReadOnlyList<HemogramWriteResult>> Done);

    static readonly string ValueColumns = string.Join(", ", HemogramParameters.All.Select(p => p.ApiName()));
    static readonly string SelectColumns =
        $"seq, id, source_key, lab, municipality, state, lat, lon, sex, age_band, collected_at, received_at, abnormal_mask, {ValueColumns}, findings::text, "
        + "version, status, location_source, absent_mask, group_key, submitter, content_hash, members::text, updated_at, counted";

    /// <summary>The columns a revision rewrites, in <see cref="RowValues"/> order.</summary>
    static readonly string[] RevisedColumns =
    [
        "lab", "municipality", "state", "lat", "lon", "sex", "age_band", "collected_at", "abnormal_mask",
        .. HemogramParameters.All.Select(p => p.ApiName()),
        "findings", "version", "status", "location_source", "absent_mask", "members", "updated_at", "counted",
    ];

    readonly PostgresDatabase _database;
    readonly HemogramPartitions _partitions;
    readonly DistributedStorageOptions _options;
    readonly TimeProvider _time;
    readonly HemogramLifecycle _lifecycle;
    readonly ILogger<PostgresHemogramStore> _logger;
    readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    readonly Task _writer;

    public PostgresHemogramStore(PostgresDatabase database, IOptions<DistributedStorageOptions> options, TimeProvider time, HemogramLifecycle lifecycle,
        ILogger<PostgresHemogramStore> logger)
    {
        (_database, _options, _time, _lifecycle, _logger) = (database, options.Value, time, lifecycle, logger);
        _partitions = new HemogramPartitions(database);
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<IReadOnlyList<HemogramWriteResult>> AppendAsync(IReadOnlyList<Hemogram> hemograms, CancellationToken ct, bool allOrNothing = false)
    {
        var pending = new PendingWrite(hemograms, allOrNothing, new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(PostgresHemogramStore));
        // Not cancellable once queued: the write may already be committed, and the caller must learn its outcome.
        return await pending.Done.Task;
    }

    async Task WriteLoopAsync()
    {
        try
        {
            await _partitions.EnsureAroundAsync(_time.GetUtcNow(), _options.PartitionMonthsAhead, CancellationToken.None);
        }
        catch (NpgsqlException e)
        {
            // Not fatal: each batch creates the partitions it needs.
            _logger.LogWarning(e, "Could not create the hemogram partitions around the current month at start-up");
        }
        var batch = new List<PendingWrite>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var count = 0;
            while (count < _options.MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Hemograms.Count;
            }
            // Transactions and documents each in one database transaction of their own; the rest together.
            foreach (var atomic in batch.Where(p => p.AllOrNothing))
            {
                try
                {
                    atomic.Done.TrySetResult(await WriteAtomicAsync(atomic.Hemograms));
                }
                catch (Exception e)
                {
                    atomic.Done.TrySetException(e);
                }
            }
            var together = batch.Where(p => !p.AllOrNothing).ToList();
            if (together.Count == 0) continue;
            try
            {
                var results = await WriteAsync(together.SelectMany(p => p.Hemograms).ToList());
                var offset = 0;
                foreach (var pending in together)
                {
                    pending.Done.TrySetResult(results.Skip(offset).Take(pending.Hemograms.Count).ToList());
                    offset += pending.Hemograms.Count;
                }
            }
            catch (Exception) when (together.Count > 1)
            {
                foreach (var pending in together)
                {
                    try
                    {
                        pending.Done.TrySetResult(await WriteAsync(pending.Hemograms));
                    }
                    catch (Exception e)
                    {
                        pending.Done.TrySetException(e);
                    }
                }
            }
            catch (Exception e)
            {
                foreach (var pending in together) pending.Done.TrySetException(e);
            }
        }
    }

    async Task<IReadOnlyList<HemogramWriteResult>> WriteAsync(IReadOnlyList<Hemogram> hemograms)
    {
        var ct = CancellationToken.None;
        await _partitions.EnsureAsync(hemograms.Select(h => HemogramPartitions.MonthOf(h.CollectedAt)), ct);
        var results = new HemogramWriteResult?[hemograms.Count];
        var simple = Simple(hemograms);
        if (simple.Count > 0)
        {
            await using var c = await _database.OpenAsync(ct);
            await InsertSimpleAsync(c, simple, results, ct);
        }
        // Everything else, and the simple ones whose key was taken: one at a time, each in its own transaction.
        for (var i = 0; i < hemograms.Count; i++)
        {
            for (var attempt = 0; results[i] is null; attempt++)
            {
                await using var c = await _database.OpenAsync(ct);
                await using var transaction = await c.BeginTransactionAsync(ct);
                try
                {
                    results[i] = await ReviseAsync(c, hemograms[i], ct);
                    await transaction.CommitAsync(ct);
                }
                catch (KeyClaimedException) when (attempt < 3)
                {
                    // Another instance stored one of these results since we looked: look again.
                    await transaction.RollbackAsync(ct);
                }
            }
        }
        return results!;
    }

    /// <summary>A transaction or document: all its writes in one database transaction, rolled back when any is refused.</summary>
    async Task<IReadOnlyList<HemogramWriteResult>> WriteAtomicAsync(IReadOnlyList<Hemogram> hemograms)
    {
        var ct = CancellationToken.None;
        await _partitions.EnsureAsync(hemograms.Select(h => HemogramPartitions.MonthOf(h.CollectedAt)), ct);
        for (var attempt = 0; ; attempt++)
        {
            await using var c = await _database.OpenAsync(ct);
            await using var transaction = await c.BeginTransactionAsync(ct);
            try
            {
                var results = new HemogramWriteResult?[hemograms.Count];
                var simple = Simple(hemograms);
                if (simple.Count > 0) await InsertSimpleAsync(c, simple, results, ct);
                for (var i = 0; i < hemograms.Count; i++) results[i] ??= await ReviseAsync(c, hemograms[i], ct);
                if (results.All(r => r!.Stored)) await transaction.CommitAsync(ct);
                else await transaction.RollbackAsync(ct);
                return results!;
            }
            catch (KeyClaimedException) when (attempt < 3)
            {
                await transaction.RollbackAsync(ct);
            }
        }
    }

    /// <summary>The writes that are one new result each (the usual case), as they would be first stored.</summary>
    List<(int Index, Hemogram Hemogram)> Simple(IReadOnlyList<Hemogram> hemograms)
    {
        var simple = new List<(int Index, Hemogram Hemogram)>();
        for (var i = 0; i < hemograms.Count; i++)
            if (hemograms[i] is { GroupKey: null, Members.Count: 1 } h && !h.Members[0].IsRetracted && _lifecycle.New(h) is { } fresh)
                simple.Add((i, fresh));
        return simple;
    }

    /// <summary>
    /// All the simple writes in one statement, so one round trip (and, outside a transaction, one implicit transaction);
    /// it was BEGIN, INSERT, COPY in two round trips, COMMIT: five, which made PostgreSQL ingest wait on the network
    /// rather than on the disk. Fills the results of those whose key it claimed.
    /// </summary>
    static async Task InsertSimpleAsync(NpgsqlConnection c, List<(int Index, Hemogram Hemogram)> simple, HemogramWriteResult?[] results, CancellationToken ct)
    {
        var created = new Dictionary<string, (Guid Id, long Seq)>();
        foreach (var (key, id, seq) in await c.QueryAsync(InsertBatch, r => (r.GetString(0), r.GetGuid(1), r.GetInt64(2)), ct,
            Columns(simple.Select(x => x.Hemogram).ToList())))
            created[key] = (id, seq);
        // New: the one hemogram whose insert won its key (the first, should one result be submitted twice in a batch).
        var won = new HashSet<string>();
        foreach (var (index, h) in simple)
            if (created.TryGetValue(h.SourceKey, out var k) && k.Id == h.Id && won.Add(h.SourceKey))
                results[index] = new HemogramWriteResult(h.Id, k.Seq, WriteOutcome.Created, h with { Sequence = k.Seq });
    }

    /// <summary>One of a write's results was claimed by a concurrent transaction between looking and inserting.</summary>
    sealed class KeyClaimedException() : Exception("A hemogram's result was stored concurrently.");

    /// <summary>
    /// One write against what is stored, inside the caller's transaction: finds the hemogram holding one of its results
    /// (locking its row), else its group's latest (under an advisory lock on the group), and creates or revises it.
    /// </summary>
    async Task<HemogramWriteResult> ReviseAsync(NpgsqlConnection c, Hemogram candidate, CancellationToken ct)
    {
        if (candidate.GroupKey is { } group)
            await c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@group, 0));", ct, ("group", group));
        var stored = await FindStoredAsync(c, candidate, ct);
        if (stored is null)
        {
            if (_lifecycle.New(candidate) is not { } created)
                return new HemogramWriteResult(Guid.Empty, 0, WriteOutcome.NotFound, null, "no stored result has this identity");
            var keys = created.Members.Select(m => m.Key).Distinct().ToArray();
            var seq = (await c.QueryAsync("SELECT nextval('hemogram_seq');", r => r.GetInt64(0), ct))[0];
            var claimed = await c.ExecuteAsync("""
                INSERT INTO hemogram_keys (source_key, id, seq, collected_at) SELECT k, @id, @seq, @collected FROM unnest(@keys::text[]) AS k
                ON CONFLICT (source_key) DO NOTHING;
                """, ct, ("keys", keys), ("id", created.Id), ("seq", seq), ("collected", created.CollectedAt));
            if (claimed < keys.Length) throw new KeyClaimedException();
            var row = created with { Sequence = seq };
            await InsertRowAsync(c, row, ct);
            if (row.Counted) await QueueAsync(c, CountChange.Of(row), ct);
            return new HemogramWriteResult(row.Id, seq, WriteOutcome.Created, row);
        }

        var now = _time.GetUtcNow();
        var revision = _lifecycle.Revise(stored, candidate, now);
        if (revision.Outcome is WriteOutcome.Updated or WriteOutcome.Retracted)
        {
            var next = revision.Hemogram;
            await _partitions.EnsureAsync([HemogramPartitions.MonthOf(next.CollectedAt)], ct);
            await c.ExecuteAsync("INSERT INTO hemogram_versions (seq, version, recorded_at, payload) VALUES (@seq, @version, @at, @payload::jsonb) ON CONFLICT DO NOTHING;",
                ct, ("seq", stored.Sequence), ("version", stored.Version), ("at", now), ("payload", HemogramRecords.SnapshotJson(stored)));
            await c.ExecuteAsync($"""
                UPDATE hemograms SET {string.Join(", ", RevisedColumns.Select((n, i) => $"{n} = @v{i}{Cast(n)}"))}
                WHERE seq = @seq AND collected_at = @was;
                """, ct, [.. RowValues(next).Select((v, i) => ($"v{i}", v)), ("seq", stored.Sequence), ("was", stored.CollectedAt)]);
            var keys = next.Members.Select(m => m.Key).Append(next.SourceKey).Distinct().ToArray();
            await c.ExecuteAsync("""
                INSERT INTO hemogram_keys (source_key, id, seq, collected_at) SELECT k, @id, @seq, @collected FROM unnest(@keys::text[]) AS k
                ON CONFLICT (source_key) DO UPDATE SET collected_at = excluded.collected_at WHERE hemogram_keys.seq = excluded.seq;
                """, ct, ("keys", keys), ("id", next.Id), ("seq", next.Sequence), ("collected", next.CollectedAt));
            var (before, after) = (CountChange.Of(stored, -1), CountChange.Of(next));
            if (!(stored.Counted && next.Counted && before.Equals(after with { Sign = -1 })))
            {
                if (stored.Counted) await QueueAsync(c, before, ct);
                if (next.Counted) await QueueAsync(c, after, ct);
            }
        }
        return new HemogramWriteResult(stored.Id, stored.Sequence, revision.Outcome, revision.Hemogram, revision.Detail);
    }

    /// <summary>The stored hemogram holding one of the candidate's results, else its group's latest still open; its row locked.</summary>
    async Task<Hemogram?> FindStoredAsync(NpgsqlConnection c, Hemogram candidate, CancellationToken ct)
    {
        var keys = candidate.Members.Select(m => m.Key).ToArray();
        var found = await c.QueryAsync("SELECT seq, collected_at FROM hemogram_keys WHERE source_key = ANY(@keys) ORDER BY seq LIMIT 1;",
            r => (Seq: r.GetInt64(0), Collected: r.Time(1)), ct, ("keys", keys));
        if (found.Count > 0)
            return (await c.QueryAsync($"SELECT {SelectColumns} FROM hemograms WHERE seq = @seq AND collected_at = @collected FOR UPDATE;",
                r => Read(r, withFindings: true), ct, ("seq", found[0].Seq), ("collected", found[0].Collected)))[0];
        if (candidate.GroupKey is null) return null;
        var grouped = await c.QueryAsync($"SELECT {SelectColumns} FROM hemograms WHERE group_key = @group ORDER BY seq DESC LIMIT 1 FOR UPDATE;",
            r => Read(r, withFindings: true), ct, ("group", candidate.GroupKey));
        return grouped.Count > 0 && _lifecycle.MayJoin(grouped[0], candidate) ? grouped[0] : null;
    }

    static async Task InsertRowAsync(NpgsqlConnection c, Hemogram h, CancellationToken ct)
    {
        string[] columns = ["seq", "id", "source_key", "received_at", "group_key", "submitter", "content_hash", .. RevisedColumns];
        object?[] values = [h.Sequence, h.Id, h.SourceKey, h.ReceivedAt, h.GroupKey, h.Submitter, h.ContentHash, .. RowValues(h)];
        await c.ExecuteAsync($"INSERT INTO hemograms ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((n, i) => $"@v{i}{Cast(n)}"))});",
            ct, [.. values.Select((v, i) => ($"v{i}", v))]);
    }

    /// <summary>SQL casts for parameters whose type a null or a string leaves open.</summary>
    static string Cast(string column) => column switch
    {
        "findings" or "members" => "::jsonb",
        "lab" or "age_band" or "group_key" or "content_hash" => "::text",
        "submitter" => "::uuid",
        "updated_at" => "::timestamptz",
        _ when HemogramParameters.All.Any(p => p.ApiName() == column) => "::double precision",
        _ => "",
    };

    static object?[] RowValues(Hemogram h) =>
    [
        h.Lab, h.MunicipalityCode, h.StateCode, h.Location.Latitude, h.Location.Longitude, (short)h.Sex, h.AgeBand, h.CollectedAt, (long)h.AbnormalMask,
        .. HemogramParameters.All.Select(p => (object?)h.ValueOf(p)),
        HemogramRecords.FindingsJson(h.Findings), h.Version, (short)h.Status, (short)h.LocationSource, (int)h.AbsentMask,
        h.HasExplicitMembers ? HemogramRecords.MembersJson(h.Members) : null, h.UpdatedAt, h.Counted,
    ];

    static Task<int> QueueAsync(NpgsqlConnection c, CountChange change, CancellationToken ct) => c.ExecuteAsync("""
        INSERT INTO analysis_outbox (municipality, day, lab, received_hour, measured, abnormal, sign)
        VALUES (@municipality, @day, @lab::text, @hour, @measured, @abnormal, @sign);
        """, ct, ("municipality", change.Municipality), ("day", change.Day), ("lab", change.Lab), ("hour", change.ReceivedHour),
        ("measured", (int)change.MeasuredMask), ("abnormal", (long)change.AbnormalMask), ("sign", (short)change.Sign));

    /// <summary>
    /// Numbers the batch's rows in submission order, then claims their keys in key order, so two instances inserting
    /// overlapping batches wait on each other instead of deadlocking; among equal keys in one batch the earliest request
    /// wins. A key another transaction holds uncommitted makes this wait for its outcome, then count as existing (or be
    /// inserted if it rolled back). The hemograms whose key was claimed are inserted by the same statement.
    /// </summary>
    static readonly string InsertBatch = $"""
        WITH batch AS (
            SELECT * FROM unnest(@keys::text[], @ids::uuid[], @labs::text[], @municipalities::integer[], @states::integer[],
                @lats::double precision[], @lons::double precision[], @sexes::smallint[], @ages::text[], @collected::timestamptz[],
                @received::timestamptz[], @masks::bigint[], {string.Join(", ", HemogramParameters.All.Select(p => $"@{p.ApiName()}::double precision[]"))},
                @findings::jsonb[], @analysis_days::integer[], @received_hours::bigint[], @measured::integer[],
                @statuses::smallint[], @location_sources::smallint[], @absents::integer[], @submitters::uuid[], @hashes::text[], @counted::boolean[])
            WITH ORDINALITY AS x(source_key, id, lab, municipality, state, lat, lon, sex, age_band, collected_at, received_at, abnormal_mask,
                {ValueColumns}, findings, day, received_hour, measured, status, location_source, absent_mask, submitter, content_hash, counted, n)
        ), claimed AS (
            INSERT INTO hemogram_keys (source_key, id, seq, collected_at)
            SELECT source_key, id, seq, collected_at FROM (SELECT source_key, id, collected_at, n, nextval('hemogram_seq') AS seq FROM batch) numbered
            ORDER BY source_key COLLATE "C", n
            ON CONFLICT (source_key) DO NOTHING
            RETURNING source_key, id, seq
        ), stored AS (
            INSERT INTO hemograms (seq, id, source_key, lab, municipality, state, lat, lon, sex, age_band, collected_at, received_at, abnormal_mask,
                                   {ValueColumns}, findings, status, location_source, absent_mask, submitter, content_hash, counted)
            SELECT claimed.seq, b.id, b.source_key, b.lab, b.municipality, b.state, b.lat, b.lon, b.sex, b.age_band, b.collected_at, b.received_at,
                   b.abnormal_mask, {string.Join(", ", HemogramParameters.All.Select(p => "b." + p.ApiName()))}, b.findings,
                   b.status, b.location_source, b.absent_mask, b.submitter, b.content_hash, b.counted
            FROM claimed JOIN batch b ON b.id = claimed.id
        ), queued AS (
            INSERT INTO analysis_outbox (municipality, day, lab, received_hour, measured, abnormal, sign)
            SELECT b.municipality, b.day, b.lab, b.received_hour, b.measured, b.abnormal_mask, 1
            FROM claimed JOIN batch b ON b.id = claimed.id
            WHERE b.counted
            ORDER BY claimed.seq
        )
        SELECT source_key, id, seq FROM claimed;
        """;

    /// <summary>The batch column by column, as the arrays <see cref="InsertBatch"/> unnests.</summary>
    static (string Name, object? Value)[] Columns(IReadOnlyList<Hemogram> hemograms) =>
    [
        ("keys", hemograms.Select(h => h.SourceKey).ToArray()),
        ("ids", hemograms.Select(h => h.Id).ToArray()),
        ("labs", hemograms.Select(h => h.Lab).ToArray()),
        ("municipalities", hemograms.Select(h => h.MunicipalityCode).ToArray()),
        ("states", hemograms.Select(h => h.StateCode).ToArray()),
        ("lats", hemograms.Select(h => h.Location.Latitude).ToArray()),
        ("lons", hemograms.Select(h => h.Location.Longitude).ToArray()),
        ("sexes", hemograms.Select(h => (short)h.Sex).ToArray()),
        ("ages", hemograms.Select(h => h.AgeBand).ToArray()),
        ("collected", hemograms.Select(h => PostgresCommands.Utc(h.CollectedAt)).ToArray()),
        ("received", hemograms.Select(h => PostgresCommands.Utc(h.ReceivedAt)).ToArray()),
        ("masks", hemograms.Select(h => (long)h.AbnormalMask).ToArray()),
        .. HemogramParameters.All.Select(p => (p.ApiName(), (object?)hemograms.Select(h => h.ValueOf(p)).ToArray())),
        ("findings", hemograms.Select(h => HemogramRecords.FindingsJson(h.Findings)).ToArray()),
        // The analysis outbox entry (CountChange) of each row, queued in the same statement.
        ("analysis_days", hemograms.Select(h => CountChange.Of(h).Day).ToArray()),
        ("received_hours", hemograms.Select(h => CountChange.Of(h).ReceivedHour).ToArray()),
        ("measured", hemograms.Select(h => (int)CountChange.Of(h).MeasuredMask).ToArray()),
        ("statuses", hemograms.Select(h => (short)h.Status).ToArray()),
        ("location_sources", hemograms.Select(h => (short)h.LocationSource).ToArray()),
        ("absents", hemograms.Select(h => (int)h.AbsentMask).ToArray()),
        ("submitters", hemograms.Select(h => h.Submitter).ToArray()),
        ("hashes", hemograms.Select(h => h.ContentHash).ToArray()),
        ("counted", hemograms.Select(h => h.Counted).ToArray()),
    ];

    public async Task<IReadOnlyList<Hemogram>> AbnormalAsync(IReadOnlyCollection<int> municipalities, Condition condition,
        DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct)
    {
        await using var c = await _database.OpenAsync(ct);
        return await c.QueryAsync($"""
            SELECT {SelectColumns} FROM hemograms
            WHERE municipality = ANY(@municipalities) AND collected_at >= @from AND collected_at < @to AND abnormal_mask & @bit <> 0 AND counted
            ORDER BY collected_at DESC LIMIT @limit;
            """, r => Read(r, withFindings: true), ct, ("municipalities", municipalities.ToArray()), ("from", from), ("to", to),
            ("bit", (long)condition.Bit), ("limit", limit));
    }

    public async Task<IReadOnlyList<Hemogram>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        await using var c = await _database.OpenAsync(ct);
        return await c.QueryAsync($"SELECT {SelectColumns} FROM hemograms WHERE id = ANY(@ids);", r => Read(r, withFindings: true), ct,
            ("ids", ids.ToArray()));
    }

    public async Task<IReadOnlyList<Hemogram>> HistoryAsync(Guid id, CancellationToken ct)
    {
        if ((await GetAsync([id], ct)) is not [var current]) return [];
        await using var c = await _database.OpenAsync(ct);
        var earlier = await c.QueryAsync("SELECT payload::text FROM hemogram_versions WHERE seq = @seq ORDER BY version;",
            r => HemogramRecords.ReadSnapshot(r.GetString(0), current.Sequence), ct, ("seq", current.Sequence));
        return [.. earlier, current];
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var c = await _database.OpenAsync(ct);
        return (await c.QueryAsync("SELECT COUNT(*) FROM hemograms;", r => r.GetInt64(0), ct))[0];
    }

    public async Task<IReadOnlyList<HemogramDensity>> DensityAsync(DensityQuery query, CancellationToken ct)
    {
        await using var c = await _database.OpenAsync(ct);
        // The column name comes from the enum, never from input. The time range prunes to the months it covers; the
        // region filter, added only when given, lets each partition use (municipality|state, collected_at).
        var region = query.MunicipalityCode is not null ? "AND municipality = @municipality" : query.StateCode is not null ? "AND state = @state" : "";
        return await c.QueryAsync($"""
            SELECT municipality, COUNT(*)::integer, (COUNT(*) FILTER (WHERE abnormal_mask & @bits <> 0))::integer FROM hemograms
            WHERE collected_at >= @from AND collected_at < @to {region} AND {query.Parameter.ApiName()} IS NOT NULL AND counted
            GROUP BY municipality;
            """, r => new HemogramDensity(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)), ct,
            ("bits", (long)query.AbnormalBits), ("from", query.From), ("to", query.To),
            ("state", query.StateCode), ("municipality", query.MunicipalityCode));
    }

    static Hemogram Read(NpgsqlDataReader r, bool withFindings)
    {
        var measurements = new List<Measurement>();
        foreach (var p in HemogramParameters.All)
            if (!r.IsDBNull(13 + (int)p)) measurements.Add(new Measurement(p, r.GetDouble(13 + (int)p)));
        var findingsColumn = 13 + HemogramParameters.All.Length;
        var more = findingsColumn + 1;
        return new Hemogram
        {
            Sequence = r.GetInt64(0),
            Id = r.GetGuid(1),
            SourceKey = r.GetString(2),
            Lab = r.StringOrNull(3),
            MunicipalityCode = r.GetInt32(4),
            StateCode = r.GetInt32(5),
            Location = new GeoPoint(r.GetDouble(6), r.GetDouble(7)),
            Sex = (Sex)r.GetInt16(8),
            AgeBand = r.StringOrNull(9),
            CollectedAt = r.Time(10),
            ReceivedAt = r.Time(11),
            AbnormalMask = (uint)r.GetInt64(12),
            Measurements = measurements,
            Findings = withFindings ? HemogramRecords.ReadFindings(r.GetString(findingsColumn)) : [],
            Version = r.GetInt32(more),
            Status = (HemogramStatus)r.GetInt16(more + 1),
            LocationSource = r.IsDBNull(more + 2) ? LocationSource.Unknown : (LocationSource)r.GetInt16(more + 2),
            AbsentMask = (uint)r.GetInt32(more + 3),
            GroupKey = r.StringOrNull(more + 4),
            Submitter = r.IsDBNull(more + 5) ? null : r.GetGuid(more + 5),
            ContentHash = r.StringOrNull(more + 6),
            Members = r.IsDBNull(more + 7) ? [] : HemogramRecords.ReadMembers(r.GetString(more + 7)),
            UpdatedAt = r.TimeOrNull(more + 8),
            Counted = r.GetBoolean(more + 9),
        };
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
