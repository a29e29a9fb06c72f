using Npgsql;
using Sentinela.Server.Ingestion;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>import_jobs, as in the embedded store: a partial unique index keeps one unfinished job per laboratory across instances.</summary>
public sealed class PostgresImportJobStore(PostgresDatabase database) : IImportJobStore
{
    const string Columns = "id, lab, state, requested_at, heartbeat_at, finished_at, lines, stored, duplicates, revised, refused, fraction, elapsed_ms, failure, refusals";

    public async Task<Guid?> AddUnlessBusyAsync(ImportJobRecord job, DateTimeOffset staleBefore, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var transaction = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("""
            UPDATE import_jobs SET state = 'Failed', finished_at = heartbeat_at, failure = @failure
            WHERE lab = @lab AND finished_at IS NULL AND heartbeat_at < @stale;
            """, ct, ("lab", job.Lab), ("stale", staleBefore), ("failure", ImportJobRecord.InstanceStopped));
        // Two instances adding at once: the second waits for the first's commit on the unique index, then adds nothing.
        var added = await c.ExecuteAsync($"""
            INSERT INTO import_jobs ({Columns}) VALUES (@id, @lab, @state, @requested, @heartbeat, @finished::timestamptz, @lines::bigint,
                @stored::bigint, @duplicates::bigint, @revised::bigint, @refused::bigint, @fraction::float8, @elapsed::bigint, @failure::text, @refusals::text)
            ON CONFLICT DO NOTHING;
            """, ct, Arguments(job)) == 1;
        var busy = added ? [] : await c.QueryAsync("SELECT id FROM import_jobs WHERE lab = @lab AND finished_at IS NULL;",
            r => r.GetGuid(0), ct, ("lab", job.Lab));
        await transaction.CommitAsync(ct);
        return added ? null : busy.Count > 0 ? busy[0] : throw new InvalidOperationException($"Import {job.Id} was neither added nor blocked.");
    }

    public async Task<bool> UpdateAsync(ImportJobRecord job, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var cancel = await c.QueryAsync("""
            UPDATE import_jobs SET state = @state, heartbeat_at = @heartbeat, finished_at = @finished::timestamptz, lines = @lines::bigint,
                stored = @stored::bigint, duplicates = @duplicates::bigint, revised = @revised::bigint, refused = @refused::bigint,
                fraction = @fraction::float8, elapsed_ms = @elapsed::bigint, failure = @failure::text, refusals = COALESCE(@refusals::text, refusals)
            WHERE id = @id AND (@finished::timestamptz IS NOT NULL OR finished_at IS NULL)
            RETURNING cancel_requested;
            """, r => r.GetBoolean(0), ct, Arguments(job));
        return cancel is [true];
    }

    public async Task<ImportJobRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync($"SELECT {Columns} FROM import_jobs WHERE id = @id;", Read, ct, ("id", id));
        return rows.Count > 0 ? rows[0] : null;
    }

    public async Task<bool> RequestCancelAsync(Guid id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE import_jobs SET cancel_requested = true WHERE id = @id;", ct, ("id", id)) == 1;
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM import_jobs WHERE id = @id;", ct, ("id", id));
    }

    public async Task<int> ForgetFinishedAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM import_jobs WHERE finished_at < @before;", ct, ("before", before));
    }

    static (string, object?)[] Arguments(ImportJobRecord job)
    {
        var p = job.Progress;
        return
        [
            ("id", job.Id), ("lab", job.Lab), ("state", job.State.ToString()), ("requested", job.RequestedAt), ("heartbeat", job.HeartbeatAt),
            ("finished", job.FinishedAt), ("lines", p?.Lines), ("stored", p?.Created), ("duplicates", p?.Unchanged), ("revised", p?.Revised),
            ("refused", p?.Refused), ("fraction", p?.Fraction), ("elapsed", p is null ? null : (long)p.Elapsed.TotalMilliseconds),
            ("failure", job.Failure), ("refusals", job.RefusalsJson),
        ];
    }

    static ImportJobRecord Read(NpgsqlDataReader r) => new(r.GetGuid(0), r.GetGuid(1), Enum.Parse<ImportJobState>(r.GetString(2)), r.Time(3), r.Time(4))
    {
        FinishedAt = r.TimeOrNull(5),
        Progress = r.IsDBNull(12) ? null
            : new(r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetDouble(11), TimeSpan.FromMilliseconds(r.GetInt64(12))),
        Failure = r.StringOrNull(13),
        RefusalsJson = r.StringOrNull(14),
    };
}
