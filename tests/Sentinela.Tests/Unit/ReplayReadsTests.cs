using Microsoft.Extensions.Options;
using Sentinela.Server.Alerts;
using Sentinela.Server.Delivery;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Unit;

public sealed class ReplayReadsTests
{
    [Fact]
    public async Task Resumes_from_the_same_sequence_waiting_for_a_read_share_it()
    {
        var log = new GatedLog();
        var reads = new ReplayReads(log, Options.Create(new DeliveryOptions { ReplayReads = 1 }));

        var first = reads.AfterAsync(7, default);       // takes the only slot and blocks in the store
        await log.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = Enumerable.Range(0, 500).Select(_ => reads.AfterAsync(7, default)).ToList();
        log.Release();
        var ranges = await Task.WhenAll(waiting);
        await first;

        // One read for the first resume, one shared by the 500 that queued behind it.
        Assert.Equal(2, log.Reads);
        Assert.All(ranges, r => Assert.Same(ranges[0], r));
    }

    [Fact]
    public async Task A_resume_never_joins_a_read_that_began_before_it()
    {
        var log = new GatedLog();
        var reads = new ReplayReads(log, Options.Create(new DeliveryOptions { ReplayReads = 2 }));

        var first = reads.AfterAsync(7, default);
        await log.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var later = reads.AfterAsync(7, default); // the first read has begun: this one gets its own
        log.Release();

        Assert.NotSame(await first, await later);
        Assert.Equal(2, log.Reads);
    }

    /// <summary>An alert log whose reads wait until released, counting them.</summary>
    sealed class GatedLog : IAlertStore
    {
        readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int _reads;

        public int Reads => Volatile.Read(ref _reads);
        public Task Entered => _entered.Task;
        public void Release() => _released.TrySetResult();

        public async Task<long> LastSequenceAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _reads);
            _entered.TrySetResult();
            await _released.Task;
            return 7;
        }

        public Task<IReadOnlyList<OutbreakAlert>> EventsAfterAsync(long sequence, int limit, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<OutbreakAlert>>([]);

        public Task<IReadOnlyList<OutbreakAlert>> AppendAsync(IReadOnlyList<AlertChange> changes, CancellationToken ct, long? fence = null) => throw new NotSupportedException();
        public Task<IReadOnlyList<OutbreakAlert>> ListAsync(AlertQuery query, CancellationToken ct) => throw new NotSupportedException();
        public Task<OutbreakAlert?> GetAsync(Guid id, CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyList<OutbreakAlert>> HistoryAsync(Guid id, CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyList<Guid>> EvidenceAsync(Guid id, CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyList<OutbreakAlert>> ActiveAsync(CancellationToken ct) => throw new NotSupportedException();
    }
}
