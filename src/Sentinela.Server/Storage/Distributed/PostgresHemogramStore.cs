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
/// </summary>
public sealed class PostgresHemogramStore : IHemogramStore, IAsyncDisposable
{
    sealed record PendingWrite(IReadOnlyList<Hemogram> Hemograms, TaskCompletionSource<IReadOnlyList<HemogramWriteResult>> Done);

    static readonly string ValueColumns = string.Join(", ", HemogramParameters.All.Select(p => p.ApiName()));
    static readonly string SelectColumns =
        $"seq, id, source_key, lab, municipality, state, lat, lon, sex, age_band, collected_at, received_at, abnormal_mask, {ValueColumns}, findings::text";

    readonly PostgresDatabase _database;
    readonly HemogramPartitions _partitions;
    readonly DistributedStorageOptions _options;
    readonly TimeProvider _time;
    readonly ILogger<PostgresHemogramStore> _logger;
    readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    readonly Task _writer;

    public PostgresHemogramStore(PostgresDatabase database, IOptions<DistributedStorageOptions> options, TimeProvider time, ILogger<PostgresHemogramStore> logger)
    {
        (_database, _options, _time, _logger) = (database, options.Value, time, logger);
        _partitions = new HemogramPartitions(database);
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<IReadOnlyList<HemogramWriteResult>> AppendAsync(IReadOnlyList<Hemogram> hemograms, CancellationToken ct)
    {
        var pending = new PendingWrite(hemograms, new(TaskCreationOptions.RunContinuationsAsynchronously));
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
            try
            {
                var results = await WriteAsync(batch.SelectMany(p => p.Hemograms).ToList());
                var offset = 0;
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(results.Skip(offset).Take(pending.Hemograms.Count).ToList());
                    offset += pending.Hemograms.Count;
                }
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var pending in batch)
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
                foreach (var pending in batch) pending.Done.TrySetException(e);
            }
        }
    }

    async Task<IReadOnlyList<HemogramWriteResult>> WriteAsync(IReadOnlyList<Hemogram> hemograms)
    {
        var ct = CancellationToken.None;
        await _partitions.EnsureAsync(hemograms.Select(h => HemogramPartitions.MonthOf(h.CollectedAt)), ct);
        await using var c = await _database.OpenAsync(ct);
        // One statement, so one round trip and one implicit transaction per batch (it was BEGIN, INSERT, COPY in two
        // round trips, COMMIT: five, which made PostgreSQL ingest wait on the network rather than on the disk).
        var created = new Dictionary<string, (Guid Id, long Seq)>();
        foreach (var (key, id, seq) in await c.QueryAsync(InsertBatch, r => (r.GetString(0), r.GetGuid(1), r.GetInt64(2)), ct, Columns(hemograms)))
            created[key] = (id, seq);

        // New: the one hemogram whose insert won its key (the first, should one hemogram be submitted twice in a batch).
        var won = new HashSet<string>();
        var isNew = hemograms.Select(h => created.TryGetValue(h.SourceKey, out var k) && k.Id == h.Id && won.Add(h.SourceKey)).ToArray();
        var existing = new Dictionary<string, (Guid Id, long Seq)>();
        var resubmitted = hemograms.Where((h, i) => !isNew[i]).Select(h => h.SourceKey).Distinct().ToArray();
        if (resubmitted.Length > 0)
            foreach (var (key, id, seq) in await c.QueryAsync("SELECT source_key, id, seq FROM hemogram_keys WHERE source_key = ANY(@keys);",
                r => (r.GetString(0), r.GetGuid(1), r.GetInt64(2)), ct, ("keys", resubmitted)))
                existing[key] = (id, seq);

        return hemograms.Select((h, i) => isNew[i]
            ? new HemogramWriteResult(h.Id, created[h.SourceKey].Seq, Created: true)
            : new HemogramWriteResult(existing[h.SourceKey].Id, existing[h.SourceKey].Seq, Created: false)).ToList();
    }

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
                @findings::jsonb[], @analysis_days::integer[], @received_hours::bigint[], @measured::integer[])
            WITH ORDINALITY AS x(source_key, id, lab, municipality, state, lat, lon, sex, age_band, collected_at, received_at, abnormal_mask,
                {ValueColumns}, findings, day, received_hour, measured, n)
        ), claimed AS (
            INSERT INTO hemogram_keys (source_key, id, seq, collected_at)
            SELECT source_key, id, seq, collected_at FROM (SELECT source_key, id, collected_at, n, nextval('hemogram_seq') AS seq FROM batch) numbered
            ORDER BY source_key COLLATE "C", n
            ON CONFLICT (source_key) DO NOTHING
            RETURNING source_key, id, seq
        ), stored AS (
            INSERT INTO hemograms (seq, id, source_key, lab, municipality, state, lat, lon, sex, age_band, collected_at, received_at, abnormal_mask,
                                   {ValueColumns}, findings)
            SELECT claimed.seq, b.id, b.source_key, b.lab, b.municipality, b.state, b.lat, b.lon, b.sex, b.age_band, b.collected_at, b.received_at,
                   b.abnormal_mask, {string.Join(", ", HemogramParameters.All.Select(p => "b." + p.ApiName()))}, b.findings
            FROM claimed JOIN batch b ON b.id = claimed.id
        ), queued AS (
            INSERT INTO analysis_outbox (municipality, day, lab, received_hour, measured, abnormal, sign)
            SELECT b.municipality, b.day, b.lab, b.received_hour, b.measured, b.abnormal_mask, 1
            FROM claimed JOIN batch b ON b.id = claimed.id
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
        ("findings", hemograms.Select(h => FindingsJson(h.Findings)).ToArray()),
        // The analysis outbox entry (CountChange) of each row, queued in the same statement.
        ("analysis_days", hemograms.Select(h => CountChange.Of(h).Day).ToArray()),
        ("received_hours", hemograms.Select(h => CountChange.Of(h).ReceivedHour).ToArray()),
        ("measured", hemograms.Select(h => (int)CountChange.Of(h).MeasuredMask).ToArray()),
    ];

    static string FindingsJson(IReadOnlyList<Finding> findings) => JsonSerializer.Serialize(findings
        .Select(f => new[] { (double)f.Parameter, (double)f.Direction, f.Value, f.ReferenceLow, f.ReferenceHigh, (double)f.Severity }).ToArray());

    static List<Finding> ReadFindings(string json) => JsonSerializer.Deserialize<double[][]>(json)!
        .Select(f => new Finding((HemogramParameter)(int)f[0], (Direction)(int)f[1], f[2], f[3], f[4], (FindingSeverity)(int)f[5])).ToList();

    public async Task<IReadOnlyList<Hemogram>> AbnormalAsync(IReadOnlyCollection<int> municipalities, Condition condition,
        DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct)
    {
        await using var c = await _database.OpenAsync(ct);
        return await c.QueryAsync($"""
            SELECT {SelectColumns} FROM hemograms
            WHERE municipality = ANY(@municipalities) AND collected_at >= @from AND collected_at < @to AND abnormal_mask & @bit <> 0
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
            WHERE collected_at >= @from AND collected_at < @to {region} AND {query.Parameter.ApiName()} IS NOT NULL
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
            Findings = withFindings ? ReadFindings(r.GetString(findingsColumn)) : [],
        };
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
