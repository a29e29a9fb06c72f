namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>Class fixture: a three-master Redis Cluster for the test class, removed afterwards.</summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    public RedisCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await RedisCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
