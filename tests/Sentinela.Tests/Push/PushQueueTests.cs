using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Push;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Push.Dispatch;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Push;

/// <summary>The embedded push queue's claim rules: critical first, one alert version per batch, leases that run out.</summary>
public sealed class PushQueueTests : ServerTest
{
    IPushQueue Queue => Factory.Services.GetRequiredService<IPushQueue>();

    async Task<List<PushJob>> JobsAsync(Guid alert, PushPriority priority, int devices, DateTimeOffset due)
    {
        var user = Guid.NewGuid();
        var store = Factory.Services.GetRequiredService<IDeviceStore>();
        var jobs = new List<PushJob>();
        for (var i = 0; i < devices; i++)
        {
            var id = $"{alert:N}-{i}";
            await store.UpsertAsync(new Device(id, user, $"ExponentPushToken[{id}]", null, null, due), default);
            jobs.Add(new PushJob(alert, 1, user, id, priority, "t", "b", false, due));
        }
        return jobs;
    }

    [Fact]
    public async Task Critical_alerts_are_claimed_first_and_a_batch_holds_one_alert_version()
    {
        var now = DateTimeOffset.UtcNow;
        var (normal, critical) = (Guid.NewGuid(), Guid.NewGuid());
        await Queue.EnqueueAsync(await JobsAsync(normal, PushPriority.Normal, 3, now), 1, default);
        await Queue.EnqueueAsync(await JobsAsync(critical, PushPriority.Critical, 2, now), 2, default);

        var first = await Queue.ClaimAsync(100, now, TimeSpan.FromMinutes(1), default);
        var second = await Queue.ClaimAsync(100, now, TimeSpan.FromMinutes(1), default);

        Assert.All(first!.Jobs, j => Assert.Equal(critical, j.Job.AlertId));
        Assert.Equal(2, first.Jobs.Count);
        Assert.All(second!.Jobs, j => Assert.Equal(normal, j.Job.AlertId));
        Assert.Null(await Queue.ClaimAsync(100, now, TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task A_batch_whose_lease_runs_out_is_claimed_again_and_enqueueing_twice_adds_nothing()
    {
        var now = DateTimeOffset.UtcNow;
        var jobs = await JobsAsync(Guid.NewGuid(), PushPriority.Normal, 2, now);
        Assert.Equal(2, await Queue.EnqueueAsync(jobs, 1, default));
        Assert.Equal(0, await Queue.EnqueueAsync(jobs, 1, default));

        var claimed = await Queue.ClaimAsync(100, now, TimeSpan.FromSeconds(30), default);
        Assert.Null(await Queue.ClaimAsync(100, now + TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(30), default));
        var again = await Queue.ClaimAsync(100, now + TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(30), default);

        Assert.Equal(claimed!.Jobs.Select(j => j.Job.Id), again!.Jobs.Select(j => j.Job.Id));
        Assert.All(again.Jobs, j => Assert.Equal(2, j.Job.Attempts));
        Assert.Equal(1, await Queue.CursorAsync(default));
    }
}
