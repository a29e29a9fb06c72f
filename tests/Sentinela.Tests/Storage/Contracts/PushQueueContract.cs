using Sentinela.Server.Push;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Push.Dispatch;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IPushQueue: idempotent enqueue with a cursor, leased claims of one alert version, completion and receipts.</summary>
public abstract class PushQueueContract : StorageContract
{
    IPushQueue Queue => Storage.Get<IPushQueue>();

    static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    static PushJob Job(Guid alert, string device, int version = 1, PushPriority priority = PushPriority.Normal, Guid? user = null, int notBefore = 0) =>
        new(alert, version, user ?? Guid.NewGuid(), device, priority, "Alerta", "Plaquetas baixas em Contagem", false, At(notBefore));

    [Fact]
    public async Task Enqueueing_ignores_jobs_already_queued_and_the_cursor_only_moves_forward()
    {
        var alert = Guid.NewGuid();
        Assert.Equal(0, await Queue.CursorAsync(default));

        Assert.Equal(2, await Queue.EnqueueAsync([Job(alert, "d1"), Job(alert, "d2")], 5, default));
        Assert.Equal(1, await Queue.EnqueueAsync([Job(alert, "d2"), Job(alert, "d3")], 3, default));

        Assert.Equal(5, await Queue.CursorAsync(default));
        Assert.Equal(0, await Queue.EnqueueAsync([], 9, default));
        Assert.Equal(9, await Queue.CursorAsync(default));
        Assert.Equal(["d1", "d2", "d3"], (await Queue.ForAlertAsync(alert, default)).Select(j => j.DeviceId));
        Assert.Equal(3, await Queue.PendingCountAsync(default));
    }

    [Fact]
    public async Task A_claim_leases_due_jobs_of_one_alert_version_critical_first_with_their_devices()
    {
        var (normal, critical) = (Guid.NewGuid(), Guid.NewGuid());
        var user = Guid.NewGuid();
        await Storage.Get<IDeviceStore>().UpsertAsync(new Device("c1", user, "ExponentPushToken[c1]", null, null, At()), default);
        await Queue.EnqueueAsync([Job(normal, "n1"), Job(normal, "n2"), Job(critical, "c1", priority: PushPriority.Critical, user: user),
            Job(critical, "c2", priority: PushPriority.Critical), Job(critical, "c3", priority: PushPriority.Critical, notBefore: 10)], 1, default);

        var lease = TimeSpan.FromHours(1);
        var first = await Queue.ClaimAsync(10, At(1), lease, default);
        var second = await Queue.ClaimAsync(1, At(1), lease, default);
        var third = await Queue.ClaimAsync(10, At(1), lease, default);

        Assert.Equal(["c1", "c2"], first!.Jobs.Select(j => j.Job.DeviceId));
        Assert.All(first.Jobs, j => Assert.Equal((PushJobStatus.InFlight, 1), (j.Job.Status, j.Job.Attempts)));
        Assert.Equal("ExponentPushToken[c1]", first.Jobs[0].Device!.ExpoToken);
        Assert.Null(first.Jobs[1].Device);
        Assert.Equal(["n1"], second!.Jobs.Select(j => j.Job.DeviceId));
        Assert.Equal(["n2"], third!.Jobs.Select(j => j.Job.DeviceId));
        Assert.Null(await Queue.ClaimAsync(10, At(2), lease, default));
        Assert.Equal(["c3"], (await Queue.ClaimAsync(10, At(10), lease, default))!.Jobs.Select(j => j.Job.DeviceId));
    }

    [Fact]
    public async Task A_job_keeps_the_trace_context_it_was_queued_in()
    {
        var alert = Guid.NewGuid();
        const string queuedIn = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        await Queue.EnqueueAsync([Job(alert, "traced") with { TraceParent = queuedIn }, Job(alert, "untraced")], 1, default);

        var claimed = (await Queue.ClaimAsync(10, At(1), Lease, default))!.Jobs.ToDictionary(j => j.Job.DeviceId, j => j.Job.TraceParent);

        Assert.Equal(queuedIn, claimed["traced"]);
        Assert.Null(claimed["untraced"]);
        Assert.Equal([queuedIn, null], (await Queue.ForAlertAsync(alert, default)).Select(j => j.TraceParent));
    }

    [Fact]
    public async Task A_job_whose_lease_ran_out_is_claimed_again()
    {
        await Queue.EnqueueAsync([Job(Guid.NewGuid(), "d1")], 1, default);
        await Queue.ClaimAsync(10, At(1), Lease, default);

        Assert.Null(await Queue.ClaimAsync(10, At(1).Add(Lease).AddSeconds(-1), Lease, default));
        var again = await Queue.ClaimAsync(10, At(1).Add(Lease), Lease, default);

        Assert.Equal(2, again!.Jobs.Single().Job.Attempts);
    }

    [Fact]
    public async Task Completed_jobs_are_sent_retried_later_or_finished()
    {
        var alert = Guid.NewGuid();
        await Queue.EnqueueAsync([Job(alert, "sent"), Job(alert, "retry"), Job(alert, "dead")], 1, default);
        var ids = (await Queue.ClaimAsync(10, At(1), Lease, default))!.Jobs.ToDictionary(j => j.Job.DeviceId, j => j.Job.Id);

        await Queue.CompleteAsync([
            new PushJobResult(ids["sent"], PushJobStatus.Sent, Provider: "Expo", ProviderMessageId: "ticket-1", Token: "ExponentPushToken[s]"),
            new PushJobResult(ids["retry"], PushJobStatus.Pending, "expo-unavailable", RetryAt: At(5)),
            new PushJobResult(ids["dead"], PushJobStatus.Dead, "DeviceNotRegistered"),
        ], At(2), default);

        var jobs = (await Queue.ForAlertAsync(alert, default)).ToDictionary(j => j.DeviceId);
        Assert.Equal((PushJobStatus.Sent, "Expo", "ticket-1", At(2)), (jobs["sent"].Status, jobs["sent"].Provider, jobs["sent"].ProviderMessageId, jobs["sent"].UpdatedAt));
        Assert.Equal((PushJobStatus.Pending, "expo-unavailable", At(5)), (jobs["retry"].Status, jobs["retry"].Reason, jobs["retry"].NotBefore));
        Assert.Equal((PushJobStatus.Dead, "DeviceNotRegistered"), (jobs["dead"].Status, jobs["dead"].Reason));
        Assert.Equal(1, await Queue.PendingCountAsync(default));
        Assert.Null(await Queue.ClaimAsync(10, At(4), Lease, default));
        Assert.Equal(["retry"], (await Queue.ClaimAsync(10, At(5), Lease, default))!.Jobs.Select(j => j.Job.DeviceId));
    }

    [Fact]
    public async Task Expo_tickets_await_their_receipts_once_and_a_bad_receipt_marks_the_job_dead()
    {
        var alert = Guid.NewGuid();
        await Queue.EnqueueAsync([Job(alert, "a"), Job(alert, "b")], 1, default);
        var ids = (await Queue.ClaimAsync(10, At(1), Lease, default))!.Jobs.Select(j => j.Job.Id).ToList();
        await Queue.CompleteAsync(ids.Select((id, i) => new PushJobResult(id, PushJobStatus.Sent, Provider: "Expo",
            ProviderMessageId: $"ticket-{i}", Token: $"ExponentPushToken[{i}]")).ToList(), At(2), default);

        Assert.Empty(await Queue.AwaitingReceiptAsync(At(1), 10, default));
        var awaiting = await Queue.AwaitingReceiptAsync(At(20), 10, default);
        Assert.Equal([(ids[0], "ticket-0", "ExponentPushToken[0]"), (ids[1], "ticket-1", "ExponentPushToken[1]")], awaiting);

        await Queue.RecordReceiptsAsync([(ids[0], null), (ids[1], "DeviceNotRegistered")], At(21), default);

        Assert.Empty(await Queue.AwaitingReceiptAsync(At(20), 10, default));
        Assert.Equal([PushJobStatus.Sent, PushJobStatus.Dead], (await Queue.ForAlertAsync(alert, default)).Select(j => j.Status));
    }

    [Fact]
    public async Task Concurrent_claimers_on_two_instances_never_get_the_same_job()
    {
        var alerts = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        await Queue.EnqueueAsync(alerts.SelectMany(a => Enumerable.Range(0, 60).Select(i => Job(a, $"d{i}"))).ToList(), 1, default);
        var other = (IPushQueue)(await Storage.AnotherInstanceAsync()).GetService(typeof(IPushQueue))!;

        async Task<List<long>> ClaimAll(IPushQueue queue)
        {
            var claimed = new List<long>();
            while (await queue.ClaimAsync(7, At(1), Lease, default) is { } batch)
                claimed.AddRange(batch.Jobs.Select(j => j.Job.Id));
            return claimed;
        }
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => ClaimAll(i % 2 == 0 ? Queue : other))));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(240, all.Count);
        Assert.Equal(240, all.Distinct().Count());
    }
}
