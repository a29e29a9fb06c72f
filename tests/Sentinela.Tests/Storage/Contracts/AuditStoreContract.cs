using Sentinela.Server.Audit;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IAuditStore: append-only, queried newest first by actor, action and target, paged by sequence.</summary>
public abstract class AuditStoreContract : StorageContract
{
    IAuditStore Store => Storage.Get<IAuditStore>();

    [Fact]
    public async Task Events_are_queried_newest_first_by_actor_action_and_target()
    {
        await Store.AppendAsync([
            new AuditEvent(At(), "login", "u1", "Admin", "10.0.0.1"),
            new AuditEvent(At(1), "alert.acknowledge", "u1", "Admin", "10.0.0.1", "alert-1", "v=2"),
            new AuditEvent(At(2), "login", "u2", null, null),
        ], default);
        await Store.AppendAsync([new AuditEvent(At(3), "alert.acknowledge", "u2", "StateCoordinator", "10.0.0.2", "alert-1")], default);

        var all = await Store.QueryAsync(new AuditQuery(), default);
        Assert.Equal(["u2", "u2", "u1", "u1"], all.Select(e => e.Actor));
        Assert.Equal(all.Select(e => e.Sequence).OrderDescending(), all.Select(e => e.Sequence));
        Assert.Equal(new AuditEvent(At(1), "alert.acknowledge", "u1", "Admin", "10.0.0.1", "alert-1", "v=2", all[2].Sequence), all[2]);
        Assert.Equal([At(1), At()], (await Store.QueryAsync(new AuditQuery(Actor: "u1"), default)).Select(e => e.At));
        Assert.Equal([At(2), At()], (await Store.QueryAsync(new AuditQuery(Action: "login"), default)).Select(e => e.At));
        Assert.Equal([At(1)], (await Store.QueryAsync(new AuditQuery(Actor: "u1", Target: "alert-1"), default)).Select(e => e.At));
        Assert.Empty(await Store.QueryAsync(new AuditQuery(Actor: "nobody"), default));
    }

    [Fact]
    public async Task Before_pages_backwards_and_limit_caps_the_page()
    {
        await Store.AppendAsync(Enumerable.Range(0, 10).Select(i => new AuditEvent(At(i), "login", "u1", "Admin", null)).ToList(), default);

        var first = await Store.QueryAsync(new AuditQuery(Limit: 4), default);
        var second = await Store.QueryAsync(new AuditQuery(Before: first[^1].Sequence, Limit: 4), default);

        Assert.Equal([At(9), At(8), At(7), At(6)], first.Select(e => e.At));
        Assert.Equal([At(5), At(4), At(3), At(2)], second.Select(e => e.At));
    }
}
