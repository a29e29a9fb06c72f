namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>Class fixture: one standalone redis-server for the test class, removed afterwards.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
