using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IImportJobStore: one unfinished job per laboratory, progress and cancellation through the store, silence as failure.</summary>
public abstract class ImportJobStoreContract : StorageContract
{
    IImportJobStore Store => Storage.Get<IImportJobStore>();

    static ImportJobRecord Job(Guid lab, DateTimeOffset at, ImportJobState state = ImportJobState.Receiving) => new(Guid.NewGuid(), lab, state, at, at);

    static ImportJobRecord Finished(ImportJobRecord job, DateTimeOffset at, ImportJobState state = ImportJobState.Completed) =>
        job with { State = state, HeartbeatAt = at, FinishedAt = at, Progress = new(120, 100, 15, 3, 2, 1, TimeSpan.FromSeconds(4)), RefusalsJson = """[{"line":7}]""" };

    [Fact]
    public async Task A_laboratory_has_one_unfinished_job_and_another_once_it_finished()
    {
        var (lab, other) = (Guid.NewGuid(), Guid.NewGuid());
        var first = Job(lab, At());
        Assert.Null(await Store.AddUnlessBusyAsync(first, At(-1), default));

        Assert.Equal(first.Id, await Store.AddUnlessBusyAsync(Job(lab, At(1)), At(0), default));
        Assert.Null(await Store.AddUnlessBusyAsync(Job(other, At(1)), At(0), default));

        Assert.False(await Store.UpdateAsync(Finished(first, At(2)), default));
        var next = Job(lab, At(3));
        Assert.Null(await Store.AddUnlessBusyAsync(next, At(2), default));
        Assert.Equal(ImportJobState.Receiving, (await Store.FindAsync(next.Id, default))!.State);
    }

    [Fact]
    public async Task Progress_and_the_outcome_are_read_back_as_written()
    {
        var job = Job(Guid.NewGuid(), At());
        await Store.AddUnlessBusyAsync(job, At(-1), default);
        var running = job with { State = ImportJobState.Running, HeartbeatAt = At(1), Progress = new(50, 40, 6, 2, 2, 0.25, TimeSpan.FromMilliseconds(1500)) };

        await Store.UpdateAsync(running, default);
        Assert.Equal(running, await Store.FindAsync(job.Id, default));

        var done = Finished(job, At(2));
        await Store.UpdateAsync(done, default);
        Assert.Equal(done, await Store.FindAsync(job.Id, default));
        Assert.Null(await Store.FindAsync(Guid.NewGuid(), default));
    }

    [Fact]
    public async Task A_cancellation_asked_anywhere_is_answered_to_the_next_write()
    {
        var job = Job(Guid.NewGuid(), At(), ImportJobState.Queued);
        await Store.AddUnlessBusyAsync(job, At(-1), default);
        var elsewhere = (await Storage.AnotherInstanceAsync()).GetRequiredService<IImportJobStore>();

        Assert.False(await Store.UpdateAsync(job with { HeartbeatAt = At(1) }, default));
        Assert.True(await elsewhere.RequestCancelAsync(job.Id, default));
        Assert.False(await elsewhere.RequestCancelAsync(Guid.NewGuid(), default));

        Assert.True(await Store.UpdateAsync(job with { State = ImportJobState.Running, HeartbeatAt = At(2) }, default));
        Assert.True(await Store.UpdateAsync(Finished(job, At(3), ImportJobState.Cancelled), default));
        Assert.Equal(ImportJobState.Cancelled, (await elsewhere.FindAsync(job.Id, default))!.State);
    }

    [Fact]
    public async Task A_silent_job_reads_as_failed_and_is_ended_when_its_laboratory_imports_again()
    {
        var lab = Guid.NewGuid();
        var silent = Job(lab, At(), ImportJobState.Running);
        await Store.AddUnlessBusyAsync(silent, At(-1), default);

        var read = (await Store.FindAsync(silent.Id, default))!;
        Assert.Same(read, read.AliveOrFailed(At()));
        Assert.Equal((ImportJobState.Failed, At(), ImportJobRecord.InstanceStopped), (read.AliveOrFailed(At(1)).State, read.AliveOrFailed(At(1)).FinishedAt, read.AliveOrFailed(At(1)).Failure));

        var next = Job(lab, At(10));
        Assert.Null(await Store.AddUnlessBusyAsync(next, At(1), default));
        var ended = (await Store.FindAsync(silent.Id, default))!;
        Assert.Equal((ImportJobState.Failed, At(), ImportJobRecord.InstanceStopped), (ended.State, ended.FinishedAt, ended.Failure));

        // Its instance was only slow: a progress write does not make it unfinished again, its real outcome does land.
        Assert.False(await Store.UpdateAsync(silent with { HeartbeatAt = At(11) }, default));
        Assert.Equal(ImportJobState.Failed, (await Store.FindAsync(silent.Id, default))!.State);
        await Store.UpdateAsync(Finished(silent, At(12)), default);
        Assert.Equal(ImportJobState.Completed, (await Store.FindAsync(silent.Id, default))!.State);
    }

    [Fact]
    public async Task Finished_jobs_are_forgotten_after_the_retention_and_a_released_one_at_once()
    {
        var (old, recent, running, released) = (Job(Guid.NewGuid(), At()), Job(Guid.NewGuid(), At()), Job(Guid.NewGuid(), At()), Job(Guid.NewGuid(), At()));
        foreach (var job in new[] { old, recent, running, released }) await Store.AddUnlessBusyAsync(job, At(-1), default);
        await Store.UpdateAsync(Finished(old, At(1)), default);
        await Store.UpdateAsync(Finished(recent, At(5)), default);

        Assert.Equal(1, await Store.ForgetFinishedAsync(At(3), default));
        await Store.DeleteAsync(released.Id, default);

        Assert.Null(await Store.FindAsync(old.Id, default));
        Assert.Null(await Store.FindAsync(released.Id, default));
        Assert.NotNull(await Store.FindAsync(recent.Id, default));
        Assert.NotNull(await Store.FindAsync(running.Id, default));
    }
}
