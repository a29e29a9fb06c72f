using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>
/// One backend's stores as the server wires them (AddStorage from settings), over a store of the test's own: a fresh
/// SQLite file, or a fresh PostgreSQL database. <see cref="AnotherInstanceAsync"/> opens the same store again, as a
/// second server instance would.
/// </summary>
public sealed class StorageUnderTest : IAsyncDisposable
{
    readonly Dictionary<string, string?> _settings;
    readonly Func<Task> _cleanUp;
    readonly List<ServiceProvider> _instances = [];

    StorageUnderTest(Dictionary<string, string?> settings, Func<Task> cleanUp)
    {
        (_settings, _cleanUp) = (settings, cleanUp);
        _instances.Add(Build(settings));
    }

    public static Task<StorageUnderTest> SqliteAsync()
    {
        var directory = Directory.CreateTempSubdirectory("sentinela-store-").FullName;
        return Task.FromResult(new StorageUnderTest(new()
        {
            ["Sentinela:Storage:Backend"] = "Embedded",
            ["Sentinela:Storage:Embedded:Path"] = Path.Combine(directory, "sentinela.db"),
        }, () =>
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        }));
    }

    public static async Task<StorageUnderTest> PostgresAsync(PostgresCluster cluster)
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        return new StorageUnderTest(new()
        {
            ["Sentinela:Storage:Backend"] = "Distributed",
            ["Sentinela:Storage:Distributed:PostgreSql"] = connectionString,
        }, () => cluster.DropDatabaseAsync(connectionString));
    }

    /// <summary>The distributed backend with Redis as well (what Redis holds, such as refresh tokens, is then there).</summary>
    public static async Task<StorageUnderTest> PostgresWithRedisAsync(PostgresCluster cluster, string redis)
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        return new StorageUnderTest(new()
        {
            ["Sentinela:Storage:Backend"] = "Distributed",
            ["Sentinela:Storage:Distributed:PostgreSql"] = connectionString,
            ["Sentinela:Storage:Distributed:Redis"] = redis,
        }, () => cluster.DropDatabaseAsync(connectionString));
    }

    public T Get<T>() where T : notnull => _instances[0].GetRequiredService<T>();

    /// <summary>The same store opened by a second, independent set of services.</summary>
    public Task<IServiceProvider> AnotherInstanceAsync()
    {
        var instance = Build(_settings);
        _instances.Add(instance);
        return Task.FromResult<IServiceProvider>(instance);
    }

    static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<MunicipalityTable>(ReferenceData.Municipalities);
        services.AddSingleton<AlertFootprints>();
        services.AddStorage(configuration);
        // With Redis, AddStorage also registers the alert bus and shared analysis, whose dependencies are other features':
        // resolving the stores still checks theirs.
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = !settings.ContainsKey("Sentinela:Storage:Distributed:Redis") });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances) await instance.DisposeAsync();
        await _cleanUp();
    }
}
