using Microsoft.Extensions.Options;
using Npgsql;
using Sentinela.Server.Storage.Distributed;
using Sentinela.Server.Storage.Embedded;

namespace Sentinela.Server.Storage;

/// <summary>
/// Command-line schema management against the configured storage, without starting the server:
///   sentinela-server migrate    (applies pending PostgreSQL migrations; the embedded store creates its schema itself)
/// </summary>
public static class StorageCommands
{
    public static bool IsCommand(string[] args) => args is ["migrate", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (services.GetRequiredService<IOptions<StorageOptions>>().Value.Backend == StorageBackend.Embedded)
        {
            services.GetRequiredService<SqliteDatabase>();
            Console.WriteLine("Embedded storage: the SQLite schema is created when the file is opened; nothing to migrate.");
            return 0;
        }
        var options = services.GetRequiredService<IOptions<DistributedStorageOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.PostgreSql))
        {
            Console.Error.WriteLine("Sentinela:Storage:Distributed:PostgreSql is not set.");
            return 2;
        }
        await using var dataSource = NpgsqlDataSource.Create(options.PostgreSql);
        var applied = PostgresMigrations.Apply(dataSource);
        foreach (var migration in applied) Console.WriteLine($"Applied {migration.Name}.");
        Console.WriteLine($"PostgreSQL schema at version {PostgresMigrations.CurrentVersion(dataSource)}" +
            (applied.Count == 0 ? " (already current)." : "."));
        return 0;
    }
}
