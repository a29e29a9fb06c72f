using Sentinela.Server.Ingestion;

namespace Sentinela.Server.Storage;

/// <summary>
/// The <c>$import</c> jobs, shared by every instance (Ingestion/BulkImports.cs): a laboratory has at most one unfinished
/// job across them, any instance reads a job or asks it to stop, and the one running it writes its progress.
/// </summary>
public interface IImportJobStore
{
    /// <summary>
    /// Adds the job unless its laboratory has an unfinished one: then returns that job's id. An unfinished job whose
    /// heartbeat is older than <paramref name="staleBefore"/> is first ended as failed (<see cref="ImportJobRecord.InstanceStopped"/>).
    /// </summary>
    Task<Guid?> AddUnlessBusyAsync(ImportJobRecord job, DateTimeOffset staleBefore, CancellationToken ct);

    /// <summary>
    /// Writes the job's state, progress and heartbeat (and its refusals when given); returns whether someone asked it to
    /// stop. A job already ended as failed for silence is not made unfinished again, but its real outcome is written.
    /// </summary>
    Task<bool> UpdateAsync(ImportJobRecord job, CancellationToken ct);

    Task<ImportJobRecord?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>Asks the job to stop (its instance sees it at its next write); false if there is no such job.</summary>
    Task<bool> RequestCancelAsync(Guid id, CancellationToken ct);

    /// <summary>Removes a job whose body never arrived.</summary>
    Task DeleteAsync(Guid id, CancellationToken ct);

    /// <summary>Removes the jobs that finished before <paramref name="before"/>; returns how many.</summary>
    Task<int> ForgetFinishedAsync(DateTimeOffset before, CancellationToken ct);
}
