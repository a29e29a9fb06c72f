using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Sentinela.Server.Alerts;
using Sentinela.Server.Storage.Distributed;
using Sentinela.Server.Storage.Embedded;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage;

/// <summary>
/// Handling rows written before the alert workflow (no step numbers, "Investigating") read back in the new workflow on
/// both backends: numbered in the order they were written, investigating as verifying, and the next step still fits.
/// </summary>
public sealed class AlertWorkflowMigrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    static readonly Guid Alert = Guid.NewGuid(), Other = Guid.NewGuid(), User = Guid.NewGuid();

    const string OldRows = """
        INSERT INTO alert_handling (alert_id, alert_version, state, note, user_id, user_name, at) VALUES
            (@a, 1, 'Acknowledged', NULL, @u, 'Ana', @t1),
            (@o, 1, 'Acknowledged', NULL, @u, 'Ana', @t1),
            (@a, 2, 'Investigating', 'Equipe enviada', @u, 'Ana', @t2);
        """;

    [Fact]
    public async Task Sqlite_handling_rows_from_before_the_workflow_read_as_numbered_workflow_steps()
    {
        var directory = Directory.CreateTempSubdirectory("sentinela-migration-").FullName;
        var path = Path.Combine(directory, "sentinela.db");
        try
        {
            await using (var old = new SqliteConnection($"Data Source={path}"))
            {
                await old.OpenAsync();
                await using var create = old.CreateCommand();
                create.CommandText = """
                    CREATE TABLE alert_handling (seq INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL, alert_version INTEGER NOT NULL,
                        state TEXT NOT NULL, note TEXT, user_id TEXT NOT NULL, user_name TEXT NOT NULL, at INTEGER NOT NULL);
                    """ + OldRows.Replace('@', '$');
                create.Parameters.AddWithValue("$a", Alert.ToString());
                create.Parameters.AddWithValue("$o", Other.ToString());
                create.Parameters.AddWithValue("$u", User.ToString());
                create.Parameters.AddWithValue("$t1", T1.ToUnixTimeMilliseconds());
                create.Parameters.AddWithValue("$t2", T2.ToUnixTimeMilliseconds());
                await create.ExecuteNonQueryAsync();
            }

            var store = new SqliteAlertHandlingStore(new SqliteDatabase(Options.Create(new EmbeddedStorageOptions { Path = path })));

            await AssertMigratedAsync(store.ForAlertAsync(Alert, default), store.TryAppendAsync);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Postgres_handling_rows_from_before_migration_0007_read_as_numbered_workflow_steps()
    {
        var connectionString = await postgres.Cluster.CreateEmptyDatabaseAsync();
        try
        {
            await using (var source = NpgsqlDataSource.Create(connectionString))
            {
                await using var c = await source.OpenConnectionAsync();
                await Execute(c, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());");
                foreach (var m in PostgresMigrations.All.Where(m => m.Version < 7))
                    await Execute(c, m.Sql + $"INSERT INTO schema_migrations (version, name) VALUES ({m.Version}, '{m.Name}');");
                await using var insert = new NpgsqlCommand(OldRows, c);
                insert.Parameters.AddWithValue("a", Alert);
                insert.Parameters.AddWithValue("o", Other);
                insert.Parameters.AddWithValue("u", User);
                insert.Parameters.AddWithValue("t1", T1);
                insert.Parameters.AddWithValue("t2", T2);
                await insert.ExecuteNonQueryAsync();
            }

            var database = new PostgresDatabase(Options.Create(new DistributedStorageOptions { PostgreSql = connectionString }));
            var store = new PostgresAlertHandlingStore(database);

            await AssertMigratedAsync(store.ForAlertAsync(Alert, default), store.TryAppendAsync);
            await database.DisposeAsync();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await postgres.Cluster.DropDatabaseAsync(connectionString);
        }
    }

    static readonly DateTimeOffset T1 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), T2 = T1.AddHours(3);

    static async Task AssertMigratedAsync(Task<IReadOnlyList<AlertHandling>> read, Func<AlertHandling, CancellationToken, Task<bool>> append)
    {
        var steps = await read;
        Assert.Equal([(AlertHandlingState.Acknowledged, 1), (AlertHandlingState.Verifying, 2)], steps.Select(s => (s.State, s.Step)));
        Assert.Equal(("Equipe enviada", T2), (steps[1].Note, steps[1].At));
        Assert.False(await append(steps[1] with { State = AlertHandlingState.Confirmed }, default));
        Assert.True(await append(steps[1] with { State = AlertHandlingState.Confirmed, Step = 3 }, default));
    }

    static async Task Execute(NpgsqlConnection c, string sql)
    {
        await using var command = new NpgsqlCommand(sql, c);
        await command.ExecuteNonQueryAsync();
    }
}
