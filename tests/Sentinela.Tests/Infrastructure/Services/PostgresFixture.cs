namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>Class fixture: the test process's shared PostgreSQL cluster, started on first use.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await PostgresCluster.SharedAsync();

    // The cluster outlives the class: it is stopped when the test process exits.
    public Task DisposeAsync() => Task.CompletedTask;
}
