using Microsoft.Data.Sqlite;
using Sentinela.Server.Ingestion;
using static Sentinela.Server.Storage.Embedded.SqliteCommands;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>import_jobs: one row per job; a partial unique index keeps one unfinished job per laboratory.</summary>
public sealed class SqliteImportJobStore(SqliteDatabase database) : IImportJobStore
{
    const string Columns = "id, lab, state, requested_at, heartbeat_at, finished_at, lines, stored, duplicates, revised, refused, fraction, elapsed_ms, failure, refusals";

    public async Task<Guid?> AddUnlessBusyAsync(ImportJobRecord job, DateTimeOffset staleBefore, CancellationToken ct)
    {
        await using var c = database.Open();
        await using var transaction = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("""
            UPDATE import_jobs SET state = 'Failed', finished_at = heartbeat_at, failure = $failure
            WHERE lab = $lab AND finished_at IS NULL AND heartbeat_at < $stale;
            """, ct, ("$lab", job.Lab.ToString()), ("$stale", Millis(staleBefore)), ("$failure", ImportJobRecord.InstanceStopped));
        var added = await c.ExecuteAsync($"INSERT INTO import_jobs ({Columns}) VALUES ({Values}) ON CONFLICT DO NOTHING;", ct, Arguments(job)) == 1;
        var busy = added ? [] : await c.QueryAsync("SELECT id FROM import_jobs WHERE lab = $lab AND finished_at IS NULL;",
            r => Guid.Parse(r.GetString(0)), ct, ("$lab", job.Lab.ToString()));
        await transaction.CommitAsync(ct);
        return added ? null : busy.Count > 0 ? busy[0] : throw new InvalidOperationException($"Import {job.Id} was neither added nor blocked.");
    }

    public async Task<bool> UpdateAsync(ImportJobRecord job, CancellationToken ct)
    {
        await using var c = database.Open();
        var cancel = await c.QueryAsync("""
            UPDATE import_jobs SET state = $state, heartbeat_at = $heartbeat, finished_at = $finished, lines = $lines, stored = $stored,
                duplicates = $duplicates, revised = $revised, refused = $refused, fraction = $fraction, elapsed_ms = $elapsed,
                failure = $failure, refusals = COALESCE($refusals, refusals)
            WHERE id = $id AND ($finished IS NOT NULL OR finished_at IS NULL)
            RETURNING cancel_requested;
            """, r => r.GetInt64(0) != 0, ct, Arguments(job));
        return cancel is [true];
    }

    public async Task<ImportJobRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var c = database.Open();
        var rows = await c.QueryAsync($"SELECT {Columns} FROM import_jobs WHERE id = $id;", Read, ct, ("$id", id.ToString()));
        return rows.Count > 0 ? rows[0] : null;
    }

    public async Task<bool> RequestCancelAsync(Guid id, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.ExecuteAsync("UPDATE import_jobs SET cancel_requested = 1 WHERE id = $id;", ct, ("$id", id.ToString())) == 1;
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var c = database.Open();
        await c.ExecuteAsync("DELETE FROM import_jobs WHERE id = $id;", ct, ("$id", id.ToString()));
    }

    public async Task<int> ForgetFinishedAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.ExecuteAsync("DELETE FROM import_jobs WHERE finished_at < $before;", ct, ("$before", Millis(before)));
    }

    const string Values = "$id, $lab, $state, $requested, $heartbeat, $finished, $lines, $stored, $duplicates, $revised, $refused, $fraction, $elapsed, $failure, $refusals";

    static (string, object?)[] Arguments(ImportJobRecord job)
    {
        var p = job.Progress;
        return
        [
            ("$id", job.Id.ToString()), ("$lab", job.Lab.ToString()), ("$state", job.State.ToString()), ("$requested", Millis(job.RequestedAt)),
            ("$heartbeat", Millis(job.HeartbeatAt)), ("$finished", Millis(job.FinishedAt)), ("$lines", p?.Lines), ("$stored", p?.Created),
            ("$duplicates", p?.Unchanged), ("$revised", p?.Revised), ("$refused", p?.Refused), ("$fraction", p?.Fraction),
            ("$elapsed", p is null ? null : (long)p.Elapsed.TotalMilliseconds), ("$failure", job.Failure), ("$refusals", job.RefusalsJson),
        ];
    }

    static ImportJobRecord Read(SqliteDataReader r) => new(Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), Enum.Parse<ImportJobState>(r.GetString(2)),
        r.TimeOrNull(3)!.Value, r.TimeOrNull(4)!.Value)
    {
        FinishedAt = r.TimeOrNull(5),
        Progress = r.IsDBNull(12) ? null
            : new(r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetDouble(11), TimeSpan.FromMilliseconds(r.GetInt64(12))),
        Failure = r.StringOrNull(13),
        RefusalsJson = r.StringOrNull(14),
    };
}
