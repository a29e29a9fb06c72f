using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Infrastructure;

/// <summary>A test class whose every test gets its own server on a fresh store (see <see cref="SentinelaFactory"/>), deleted afterwards.</summary>
public abstract class ServerTest : IAsyncLifetime
{
    protected SentinelaFactory Factory { get; } = new();
    protected HttpClient Http { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Http = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAndDeleteAsync();

    protected Task<long> StoredCount() => Factory.Services.GetRequiredService<IHemogramStore>().CountAsync(default);
}
