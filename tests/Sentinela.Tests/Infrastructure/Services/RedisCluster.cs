namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>
/// A Redis Cluster of three masters (no replicas) on loopback, made with `redis-cli --cluster create`. Each node keeps
/// its nodes.conf in its folder, so a node stopped and started again rejoins as itself.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    RedisCluster(IReadOnlyList<RedisServer> nodes) => Nodes = nodes;

    public IReadOnlyList<RedisServer> Nodes { get; }

    /// <summary>StackExchange.Redis configuration naming every node (the client discovers the slots).</summary>
    public string ConnectionString => string.Join(',', Nodes.Select(n => n.ConnectionString));

    public static async Task<RedisCluster> StartAsync(int masters = 3)
    {
        var ports = FreePorts.Take(masters * 2);
        var nodes = new List<RedisServer>();
        // The cluster bus gets its own free port: the default (port + 10000) may fall outside the port range.
        for (var i = 0; i < masters; i++)
            nodes.Add(await RedisServer.StartAsync(["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "2000", "--cluster-port", ports[masters + i].ToString()], ports[i]));
        var cluster = new RedisCluster(nodes);
        await ExternalProgram.RunAsync(ExternalProgram.Find("redis-cli", "/usr/bin/redis-cli"),
            ["--cluster", "create", .. nodes.Select(n => n.ConnectionString), "--cluster-replicas", "0", "--cluster-yes"]);
        await cluster.WaitUntilHealthyAsync();
        return cluster;
    }

    /// <summary>Until every running node reports cluster_state:ok.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var states = await Task.WhenAll(Nodes.Where(n => n.IsRunning).Select(n => n.SendAsync("CLUSTER", "INFO")));
            if (states.All(s => s is string info && info.Contains("cluster_state:ok"))) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The Redis cluster did not become healthy.");
            await Task.Delay(100);
        }
    }

    public Task StopNodeAsync(int index) => Nodes[index].StopAsync();

    public async Task StartNodeAsync(int index)
    {
        await Nodes[index].StartAsync();
        await WaitUntilHealthyAsync();
    }

    public async Task RestartNodeAsync(int index)
    {
        await Nodes[index].RestartAsync();
        await WaitUntilHealthyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}
