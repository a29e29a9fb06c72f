using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// The imports posted to <c>POST /fhir/$import</c> (<see cref="BulkImportEndpoints"/>): each body is spooled to a file on
/// the instance that took it, then read by <see cref="NdjsonImport"/> — the command's code path — one import at a time
/// (parsing already uses every core). Jobs are shared through <see cref="IImportJobStore"/>: a laboratory has one
/// unfinished import across instances, and any instance answers a status URL or takes a cancellation. The running
/// instance writes its jobs every <see cref="IngestionOptions.ImportHeartbeat"/> (finding cancellations asked elsewhere
/// then); a job whose instance stopped writing reads as failed after <see cref="StaleAfter"/>, and what it stored stays.
/// An instance holds at most <see cref="IngestionOptions.MaxPendingImports"/>; finished jobs are kept for
/// <see cref="IngestionOptions.ImportRetention"/>.
/// </summary>
public sealed class BulkImports(NdjsonImport import, IImportJobStore store, IOptions<IngestionOptions> options, TimeProvider clock, ILogger<BulkImports> logger)
    : BackgroundService
{
    /// <summary>Fifteen missed heartbeats: long enough for a stalled store or a busy machine, short enough for a lab to retry.</summary>
    public TimeSpan StaleAfter => Heartbeat * 15;

    TimeSpan Heartbeat => options.Value.ImportHeartbeat;

    static readonly TimeSpan ForgetInterval = TimeSpan.FromMinutes(10);
    const string Stopped = "The server stopped during the import; post the file again (what was stored counts as duplicates).";

    // This instance's jobs, until their final state is in the store.
    readonly Dictionary<Guid, ImportJob> _local = [];
    readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Where bodies are spooled; each file is deleted when its import ends.</summary>
    public static string SpoolFolder { get; } = Path.Combine(Path.GetTempPath(), "sentinela-imports");

    /// <summary>A new job for this laboratory's body, or why it must wait (it already has one, or this instance is full).</summary>
    public async Task<(ImportJob? Job, string? Busy)> ReserveAsync(Guid lab, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = Guid.NewGuid();
        var job = new ImportJob(id, lab, Path.Combine(SpoolFolder, id.ToString("N") + ".ndjson"), now);
        var max = options.Value.MaxPendingImports;
        lock (_local)
        {
            if (_local.Values.Count(j => !j.IsFinished) >= max) return (null, $"{max} imports are already waiting or running on this server; retry later.");
            _local[id] = job;
        }
        Guid? pending;
        try
        {
            pending = await store.AddUnlessBusyAsync(job.Snapshot(now), now - StaleAfter, ct);
        }
        catch
        {
            Forget(job);
            throw;
        }
        if (pending is { } other)
        {
            Forget(job);
            return (null, $"This laboratory's import {other} is still running (GET /fhir/$import-status/{other}); post the next one when it is done.");
        }
        Directory.CreateDirectory(SpoolFolder);
        return (job, null);
    }

    /// <summary>The body is spooled: the job waits its turn.</summary>
    public async Task EnqueueAsync(ImportJob job, CancellationToken ct)
    {
        job.Queued();
        await WriteAsync(job, ct);
        _queue.Writer.TryWrite(job);
    }

    /// <summary>The body could not be received: the reservation is dropped.</summary>
    public async Task ReleaseAsync(ImportJob job)
    {
        Forget(job);
        File.Delete(job.File);
        await store.DeleteAsync(job.Id, CancellationToken.None);
    }

    /// <summary>
    /// The job as every instance sees it (fresher here while this instance runs it; once it ended, as the store has it, so
    /// a laboratory told it ended may post the next one); null once it is forgotten.
    /// </summary>
    public async Task<ImportJobRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        ImportJob? local;
        lock (_local) local = _local.GetValueOrDefault(id);
        var record = local?.Snapshot(now) is { IsFinished: false } running ? running : await store.FindAsync(id, ct);
        if (record is null || record.FinishedAt < now - options.Value.ImportRetention) return null;
        return record.AliveOrFailed(now - StaleAfter);
    }

    /// <summary>Stops the job: at once when it runs here, else when its instance next writes it.</summary>
    public async Task CancelAsync(Guid id, CancellationToken ct)
    {
        ImportJob? local;
        lock (_local) local = _local.GetValueOrDefault(id);
        if (local is null)
        {
            await store.RequestCancelAsync(id, ct);
            return;
        }
        local.Cancel(clock.GetUtcNow());
        await WriteAsync(local, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heartbeat = HeartbeatAsync(stoppingToken);
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken)) await RunAsync(job, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the waiting bodies go, and every job here ends as failed: said now if the store answers in time,
            // else by the job's silence.
            while (_queue.Reader.TryRead(out var waiting)) File.Delete(waiting.File);
            ImportJob[] jobs;
            lock (_local) jobs = [.. _local.Values];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            foreach (var job in jobs)
            {
                job.Abandon(clock.GetUtcNow(), Stopped);
                await WriteAsync(job, timeout.Token);
            }
        }
        await heartbeat;
    }

    async Task RunAsync(ImportJob job, CancellationToken stopping)
    {
        try
        {
            if (!job.Start()) return;
            // Running, and a cancellation asked elsewhere while it waited is seen before the first line.
            await WriteAsync(job, stopping);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, stopping);
            await using var file = new FileStream(job.File, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            var done = await import.ImportAsync(file, job.Lab, job.Report, job.Refuse, cancel.Token);
            job.Report(done);
            job.Finish(ImportJobState.Completed, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            job.Finish(ImportJobState.Cancelled, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Finish(ImportJobState.Failed, clock.GetUtcNow(), Stopped);
            throw;
        }
        catch (Exception e)
        {
            // Input never gets here (each line is refused on its own): this is storage failing. What was stored stays.
            logger.LogError(e, "Import {Import} of laboratory {Lab} failed", job.Id, job.Lab);
            job.Finish(ImportJobState.Failed, clock.GetUtcNow(), "The import stopped on a server error; post the file again (what was stored counts as duplicates).");
        }
        finally
        {
            File.Delete(job.File);
        }
        await WriteAsync(job, stopping);
    }

    /// <summary>Every heartbeat: this instance's jobs written (a failed write is retried next time), old ones forgotten.</summary>
    async Task HeartbeatAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Heartbeat, clock);
        var forgotten = DateTimeOffset.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                ImportJob[] jobs;
                lock (_local) jobs = [.. _local.Values];
                foreach (var job in jobs) await WriteAsync(job, stopping);
                var now = clock.GetUtcNow();
                if (now - forgotten < ForgetInterval) continue;
                forgotten = now;
                try
                {
                    await store.ForgetFinishedAsync(now - options.Value.ImportRetention, stopping);
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Forgetting finished imports failed; tried again in {Interval}", ForgetInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes the job; it leaves this instance once its final state is written. A cancellation asked elsewhere stops it.</summary>
    async Task WriteAsync(ImportJob job, CancellationToken ct)
    {
        var snapshot = job.Snapshot(clock.GetUtcNow());
        try
        {
            if (await store.UpdateAsync(snapshot, ct)) job.Cancel(clock.GetUtcNow());
            if (snapshot.IsFinished) Forget(job);
        }
        catch (Exception e)
        {
            // When stopping, the job's silence tells the other instances.
            if (!ct.IsCancellationRequested) logger.LogWarning(e, "Writing import {Import} failed; tried again in {Interval}", job.Id, Heartbeat);
        }
    }

    void Forget(ImportJob job)
    {
        lock (_local) _local.Remove(job.Id);
    }
}
