using Npgsql;
using Sentinela.Server.Storage.Distributed;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>
/// A real PostgreSQL cluster for the test run: initdb into a temporary folder (as <see cref="ExternalProgram.ServiceUser"/>
/// when the runner is root), a free loopback port, fsync off (tests do not survive power loss), no system service.
/// <see cref="SharedAsync"/> starts one per test process on first use and stops it when the process exits; each test
/// gets its own database from a migrated template, so test classes run in parallel.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    const string Template = "sentinela_template";
    static readonly Lazy<Task<PostgresCluster>> Shared = new(StartSharedAsync);

    readonly string _directory;
    readonly string _bin;

    PostgresCluster(string directory, string bin, int port) => (_directory, _bin, Port) = (directory, bin, port);

    public int Port { get; }

    /// <summary>The superuser's connection string to the maintenance database (or another one).</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, MaxPoolSize = 20 }.ToString();

    public static Task<PostgresCluster> SharedAsync() => Shared.Value;

    public static async Task<PostgresCluster> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var bin = Path.GetDirectoryName(ExternalProgram.Find("initdb",
            [.. Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin", "initdb")) : [],
                "/usr/local/bin/initdb"])) ?? "";
        var directory = Directory.CreateTempSubdirectory(Leftovers.FolderPrefix("pg")).FullName;
        await ExternalProgram.GiveToServiceUserAsync(directory);
        var cluster = new PostgresCluster(directory, bin, FreePorts.Take());
        await ExternalProgram.RunAsync(cluster.Tool("initdb"), ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
            "--locale=C.UTF-8", "--no-sync"], TimeSpan.FromMinutes(2), asServiceUser: true);
        var options = new Dictionary<string, string>
        {
            ["listen_addresses"] = "127.0.0.1",
            ["port"] = cluster.Port.ToString(),
            ["unix_socket_directories"] = directory,
            ["max_connections"] = "300",
            ["fsync"] = "off",
            ["synchronous_commit"] = "off",
            ["full_page_writes"] = "off",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) options[key] = value;
        await File.AppendAllLinesAsync(Path.Combine(cluster.DataDirectory, "postgresql.conf"), options.Select(o => $"{o.Key} = '{o.Value}'"));
        await cluster.StartServerAsync();
        return cluster;
    }

    string DataDirectory => Path.Combine(_directory, "data");

    string Tool(string name) => string.IsNullOrEmpty(_bin) ? name : Path.Combine(_bin, name);

    public Task StartServerAsync() => ExternalProgram.RunAsync(Tool("pg_ctl"),
        ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start"], TimeSpan.FromSeconds(90), asServiceUser: true);

    public Task StopServerAsync() => ExternalProgram.RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"],
        TimeSpan.FromSeconds(60), asServiceUser: true);

    /// <summary>A fresh database holding the current schema (copied from a migrated template); returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {Template};");
        return ConnectionString(name);
    }

    /// <summary>An empty database, with no schema at all (for migration tests).</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = "e_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE {name};");
        return ConnectionString(name);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE);");
    }

    async Task ExecuteAsync(string sql, string database = "postgres")
    {
        // No pooling: a pooled connection to the template would stop CREATE DATABASE … TEMPLATE from copying it.
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    static async Task<PostgresCluster> StartSharedAsync()
    {
        var cluster = await StartAsync();
        // ProcessExit handlers are synchronous; this is the one place the shared cluster can be stopped.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        await cluster.ExecuteAsync($"CREATE DATABASE {Template};");
        await using (var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString(Template) + ";Pooling=false"))
            PostgresMigrations.Apply(dataSource);
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExternalProgram.RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(30), asServiceUser: true);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(_directory, recursive: true);
    }
}
