using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// The imports posted to <c>POST /fhir/$import</c> (<see cref="BulkImportEndpoints"/>): each body is spooled to a file, then
/// read by <see cref="NdjsonImport"/> — the command's code path — one import at a time (parsing already uses every core).
/// A laboratory has at most one import waiting or running, and the instance at most <see cref="IngestionOptions.MaxPendingImports"/>.
/// Jobs live in this instance's memory: a finished one is kept for <see cref="IngestionOptions.ImportRetention"/>, and a
/// restart forgets them all (what was stored stays; posting the file again stores only the rest).
/// </summary>
public sealed class BulkImports(NdjsonImport import, IOptions<IngestionOptions> options, TimeProvider clock, ILogger<BulkImports> logger) : BackgroundService
{
    readonly Dictionary<Guid, ImportJob> _jobs = [];
    readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Where bodies are spooled; each file is deleted when its import ends.</summary>
    public static string SpoolFolder { get; } = Path.Combine(Path.GetTempPath(), "sentinela-imports");

    /// <summary>A new job for this laboratory's body, or why it must wait (it already has one, or the instance is full).</summary>
    public (ImportJob? Job, string? Busy) Reserve(Guid lab)
    {
        lock (_jobs)
        {
            Forget();
            if (_jobs.Values.FirstOrDefault(j => j.Lab == lab && !j.IsFinished) is { } pending)
                return (null, $"This laboratory's import {pending.Id} is still running (GET /fhir/$import-status/{pending.Id}); post the next one when it is done.");
            if (_jobs.Values.Count(j => !j.IsFinished) >= options.Value.MaxPendingImports)
                return (null, $"{options.Value.MaxPendingImports} imports are already waiting or running on this server; retry later.");
            Directory.CreateDirectory(SpoolFolder);
            var id = Guid.NewGuid();
            var job = new ImportJob(id, lab, Path.Combine(SpoolFolder, id.ToString("N") + ".ndjson"), clock.GetUtcNow());
            _jobs[id] = job;
            return (job, null);
        }
    }

    /// <summary>The body is spooled: the job waits its turn.</summary>
    public void Enqueue(ImportJob job)
    {
        job.Queued();
        _queue.Writer.TryWrite(job);
    }

    /// <summary>The body could not be received: the reservation is dropped.</summary>
    public void Release(ImportJob job)
    {
        lock (_jobs) _jobs.Remove(job.Id);
        File.Delete(job.File);
    }

    public ImportJob? Find(Guid id)
    {
        lock (_jobs)
        {
            Forget();
            return _jobs.GetValueOrDefault(id);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken)) await RunAsync(job, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the waiting bodies go; the jobs die with the process.
            while (_queue.Reader.TryRead(out var waiting)) File.Delete(waiting.File);
        }
    }

    async Task RunAsync(ImportJob job, CancellationToken stopping)
    {
        try
        {
            if (!job.Start()) return;
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, stopping);
            await using var file = new FileStream(job.File, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            var done = await import.ImportAsync(file, job.Lab, job.Report, job.Refuse, cancel.Token);
            job.Report(done);
            job.Finish(ImportJob.State.Completed, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            job.Finish(ImportJob.State.Cancelled, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Finish(ImportJob.State.Failed, clock.GetUtcNow(), "The server stopped during the import.");
            throw;
        }
        catch (Exception e)
        {
            // Input never gets here (each line is refused on its own): this is storage failing. What was stored stays.
            logger.LogError(e, "Import {Import} of laboratory {Lab} failed", job.Id, job.Lab);
            job.Finish(ImportJob.State.Failed, clock.GetUtcNow(), "The import stopped on a server error; post the file again (what was stored counts as duplicates).");
        }
        finally
        {
            File.Delete(job.File);
        }
    }

    /// <summary>Drops finished jobs older than the retention (under the lock).</summary>
    void Forget()
    {
        var before = clock.GetUtcNow() - options.Value.ImportRetention;
        foreach (var old in _jobs.Values.Where(j => j.FinishedAt < before).ToList()) _jobs.Remove(old.Id);
    }
}
