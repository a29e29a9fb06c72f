namespace Sentinela.Tests.Chaos;

/// <summary>One fault of the chaos suite: what it does to the topology, and what brings the topology back afterwards.</summary>
public sealed record Fault(string Name, string Description, Func<ChaosTopology, Task> Inject, Func<ChaosTopology, Task> Repair)
{
    static Task Nothing(ChaosTopology _) => Task.CompletedTask;

    /// <summary>Every fault, in the order the full run injects them (the PostgreSQL primary kill last: its node stays down).</summary>
    public static IReadOnlyList<Fault> All { get; } =
    [
        new("control", "no fault (the baseline measured in the same run)", Nothing, Nothing),
        new("kill-instance", "SIGKILL instance 0, started again 2 s later", t => t.KillInstanceAsync(0), async t =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            await t.StartInstanceAsync(0);
        }),
        new("sigterm-instance", "SIGTERM instance 1 (graceful stop), started again when it has exited", t => t.TerminateInstanceAsync(1), t => t.StartInstanceAsync(1)),
        new("network-delay", "100 ms added each way on every instance↔PostgreSQL link for 5 s", t => SetDelay(t, TimeSpan.FromMilliseconds(100)), async t =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            await SetDelay(t, TimeSpan.Zero);
        }),
        new("redis-restart", "the Redis master restarted (no persistence: it comes back empty)", async t =>
        {
            var master = await t.Redis.MasterPortAsync();
            await t.Redis.Servers.Single(s => s.Port == master).RestartAsync();
        }, Nothing),
        new("sentinel-failover", "SENTINEL FAILOVER: the replica promoted, the master demoted", t => t.Redis.ForceFailoverAsync(), Nothing),
        new("redis-master-kill", "the Redis master killed; Sentinels promote the replica; the old master rejoins 5 s later", async t =>
        {
            var master = await t.Redis.MasterPortAsync();
            await t.Redis.Servers.Single(s => s.Port == master).StopAsync();
        }, async t =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            foreach (var server in t.Redis.Servers.Where(s => !s.IsRunning)) await server.StartAsync();
        }),
        new("postgres-stop", "the PostgreSQL primary stopped (fast); its keeper starts it again", async t => await t.Postgres.StopPostgresAsync((await t.Postgres.PrimaryPortAsync())!.Value), Nothing),
        new("postgres-primary-kill", "the PostgreSQL primary node SIGKILLed; pg_auto_failover promotes the synchronous standby", async t =>
            await t.Postgres.KillNodeAsync((await t.Postgres.PrimaryPortAsync())!.Value), Nothing),
    ];

    static Task SetDelay(ChaosTopology topology, TimeSpan delay)
    {
        foreach (var link in topology.PostgresLinks) link.Delay = delay;
        return Task.CompletedTask;
    }
}
