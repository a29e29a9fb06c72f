using System.Collections.Concurrent;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// With <c>SENTINELA_TEST_BACKEND=distributed</c> (scripts/test.sh runs the vertical slice and the real-time tests again
/// that way) every <see cref="SentinelaFactory"/> runs the server on the distributed backend: a fresh database on the
/// process's shared PostgreSQL cluster and a redis-server of its own, both tied to the factory's data folder. So tests
/// running in parallel never share state, and a server restarted on the same data folder finds its data again, as it
/// does with the SQLite file. <see cref="ReleaseAsync"/> drops both when the folder is deleted; what a test leaves
/// behind goes with the process (the cluster's own exit handler, and the one here for the Redis servers).
/// </summary>
public sealed class DistributedTestStorage
{
    public const string Variable = "SENTINELA_TEST_BACKEND";

    static readonly ConcurrentDictionary<string, Lazy<Task<DistributedTestStorage>>> ByDataDirectory = new();

    readonly string _database;
    readonly RedisServer _redis;

    static DistributedTestStorage() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var storage in ByDataDirectory.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully))
            storage.Value.Result._redis.DisposeAsync().AsTask().GetAwaiter().GetResult();
    };

    DistributedTestStorage(string database, RedisServer redis) => (_database, _redis) = (database, redis);

    public static bool IsSelected =>
        string.Equals(Environment.GetEnvironmentVariable(Variable), "distributed", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sentinela:Storage:Backend"] = "Distributed",
        ["Sentinela:Storage:Distributed:PostgreSql"] = _database,
        ["Sentinela:Storage:Distributed:Redis"] = _redis.ConnectionString,
    };

    /// <summary>The storage of a data folder, created on first use.</summary>
    public static DistributedTestStorage For(string dataDirectory) =>
        // WebApplicationFactory builds its host synchronously, and the database must exist by then. Task.Run keeps the
        // wait off xUnit's synchronisation context, whose few threads the continuations would otherwise need.
        Task.Run(() => ByDataDirectory.GetOrAdd(dataDirectory, _ => new(CreateAsync)).Value).GetAwaiter().GetResult();

    /// <summary>Drops the database and stops the Redis server of a data folder, if it had them.</summary>
    public static async Task ReleaseAsync(string dataDirectory)
    {
        if (!ByDataDirectory.TryRemove(dataDirectory, out var created)) return;
        var storage = await created.Value;
        await storage._redis.DisposeAsync();
        await (await PostgresCluster.SharedAsync()).DropDatabaseAsync(storage._database);
    }

    static async Task<DistributedTestStorage> CreateAsync()
    {
        var database = (await PostgresCluster.SharedAsync()).CreateDatabaseAsync();
        var redis = RedisServer.StartAsync();
        return new(await database, await redis);
    }
}
