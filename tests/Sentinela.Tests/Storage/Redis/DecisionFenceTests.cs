using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Decisions;

using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Sentinela.Tests.Unit;

namespace Sentinela.Tests.Storage.Redis;

/// <summary>The decision lease's fencing token: a holder whose lease expired cannot log what it decided once another instance took a turn.</summary>
public sealed class DecisionFenceTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    static readonly TimeSpan LeaseTime = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task An_append_under_an_expired_lease_is_refused_once_another_instance_has_taken_a_turn()
    {
        await using var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString, new()
        {
            ["Sentinela:Analysis:Lease:LeaseTime"] = LeaseTime.ToString(),
            ["Sentinela:Analysis:Lease:KeyPrefix"] = $"t{Guid.NewGuid():N}",
        });
        var (a, b) = (servers[0].Factory.Services, servers[1].Factory.Services);

        var paused = await a.GetRequiredService<DecisionLease>().AcquireAsync(default);
        // A stops here past its lease (a long GC pause); B's turn begins once the lease has expired.
        await Task.Delay(LeaseTime * 2);
        await using var next = await b.GetRequiredService<DecisionLease>().AcquireAsync(default);
        var logged = await b.GetRequiredService<IAlertStore>().AppendAsync([Raise()], default, next.Fence);
        var stale = await Assert.ThrowsAsync<StaleFenceException>(() => a.GetRequiredService<IAlertStore>().AppendAsync([Raise()], default, paused.Fence));
        await paused.DisposeAsync();

        Assert.True(next.Fence > paused.Fence);
        Assert.Equal((paused.Fence, next.Fence), (stale.Fence, (long?)stale.Seen));
        var events = await a.GetRequiredService<IAlertStore>().EventsAfterAsync(0, 100, default);
        Assert.Equal(logged.Select(e => (e.Id, e.Sequence)), events.Select(e => (e.Id, e.Sequence)));
        // The current holder keeps logging, and an append without a token (deciding alone while Redis is away) is never refused.
        Assert.Single(await b.GetRequiredService<IAlertStore>().AppendAsync([Raise()], default, next.Fence));
        Assert.Single(await a.GetRequiredService<IAlertStore>().AppendAsync([Raise()], default));
    }

    static AlertChange Raise()
    {
        var alert = TestAlerts.Circle(ReferenceData.Municipalities.Find(Outbreaks.Contagem)!, 50) with { Id = Guid.NewGuid() };
        return new AlertChange(alert.Id, alert, []);
    }
}
