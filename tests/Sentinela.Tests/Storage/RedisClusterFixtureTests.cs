using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage;

/// <summary>The three-master Redis Cluster fixture covers every slot, redirects keys to their master, and heals after a node restart.</summary>
public sealed class RedisClusterFixtureTests(RedisClusterFixture redis) : IClassFixture<RedisClusterFixture>
{
    [Fact]
    public async Task Cluster_of_three_masters_serves_every_slot_and_survives_a_node_restart()
    {
        var cluster = redis.Cluster;
        var info = (string)(await cluster.Nodes[0].SendAsync("CLUSTER", "INFO"))!;
        Assert.Contains("cluster_state:ok", info);
        Assert.Contains("cluster_slots_assigned:16384", info);
        Assert.Contains("cluster_known_nodes:3", info);

        // A key lives on exactly one master; the others redirect with MOVED.
        var replies = await Task.WhenAll(cluster.Nodes.Select(n => n.SendAsync("SET", "{region:31}:smoke", "1")));
        Assert.Single(replies, r => r is "OK");
        Assert.Equal(2, replies.Count(r => r is RespError { Message: var m } && m.StartsWith("MOVED")));

        await cluster.RestartNodeAsync(1);

        Assert.Contains("cluster_state:ok", (string)(await cluster.Nodes[1].SendAsync("CLUSTER", "INFO"))!);
        Assert.Equal(3, cluster.ConnectionString.Split(',').Length);
    }
}
