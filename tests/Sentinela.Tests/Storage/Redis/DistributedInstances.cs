using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Redis;

/// <summary>
/// Several servers on real Kestrel ports in distributed mode, sharing one fresh PostgreSQL database and one Redis;
/// disposing stops them and drops the database.
/// </summary>
internal sealed class DistributedInstances(PostgresCluster postgres, string database, IReadOnlyList<RealtimeServer> servers) : IAsyncDisposable
{
    public RealtimeServer this[int index] => servers[index];

    /// <param name="configure">Host changes for the instance of the given index (e.g. a trace exporter on one of them).</param>
    public static async Task<DistributedInstances> StartAsync(int count, PostgresCluster postgres, string redis, Dictionary<string, string?>? extra = null,
        Action<int, Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null)
    {
        var database = await postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Sentinela:Storage:Backend"] = "Distributed",
            ["Sentinela:Storage:Distributed:PostgreSql"] = database,
            ["Sentinela:Storage:Distributed:Redis"] = redis,
            // A lost nudge (a Redis restart) then costs a fifth of a second, not a second.
            ["Sentinela:Storage:Distributed:AlertPollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        // One after another: the first migrates the database the others then find ready.
        return new(postgres, database, [.. Enumerable.Range(0, count).Select(i => new RealtimeServer(settings, configure: web => configure?.Invoke(i, web)))]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers) await server.DisposeAsync();
        await postgres.DropDatabaseAsync(database);
    }
}
