using Microsoft.Extensions.Options;
using Npgsql;
using Sentinela.Server.Storage.Distributed;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage;

/// <summary>The migration runner against a real, empty PostgreSQL database.</summary>
public sealed class PostgresMigrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Instances_starting_together_apply_each_migration_exactly_once()
    {
        var connectionString = await postgres.Cluster.CreateEmptyDatabaseAsync();
        try
        {
            var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
            var applied = await Task.WhenAll(sources.Select(s => Task.Run(() => PostgresMigrations.Apply(s))));

            Assert.Equal(PostgresMigrations.All.Select(m => m.Version), applied.SelectMany(a => a).Select(m => m.Version).Order());
            Assert.Equal(PostgresMigrations.Latest, PostgresMigrations.CurrentVersion(sources[0]));
            Assert.Empty(PostgresMigrations.Apply(sources[0]));
            foreach (var source in sources) await source.DisposeAsync();
        }
        finally
        {
            await postgres.Cluster.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Without_migrate_on_start_an_unmigrated_database_is_refused_with_the_command_to_run()
    {
        var connectionString = await postgres.Cluster.CreateEmptyDatabaseAsync();
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => new PostgresDatabase(
                Options.Create(new DistributedStorageOptions { PostgreSql = connectionString, MigrateOnStart = false })));
            Assert.Contains("sentinela-server migrate", error.Message);
        }
        finally
        {
            await postgres.Cluster.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Hemograms_are_partitioned_by_month_and_queries_by_time_touch_only_their_months()
    {
        var connectionString = await postgres.Cluster.CreateDatabaseAsync();
        try
        {
            await using var database = new PostgresDatabase(Options.Create(new DistributedStorageOptions { PostgreSql = connectionString }));
            await using var c = await database.OpenAsync(default);
            foreach (var month in new[] { "2025-01-01", "2025-02-01", "2025-02-01" })
                await new NpgsqlCommand($"SELECT ensure_hemogram_partition('{month}');", c).ExecuteNonQueryAsync();

            await using var partitions = new NpgsqlCommand(
                "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'hemograms'::regclass;", c);
            Assert.Equal("hemograms_y2025m01,hemograms_y2025m02", await partitions.ExecuteScalarAsync());
            await using var plan = new NpgsqlCommand(
                "EXPLAIN SELECT count(*) FROM hemograms WHERE collected_at >= '2025-02-03Z' AND collected_at < '2025-02-04Z';", c);
            var text = new List<string>();
            await using (var reader = await plan.ExecuteReaderAsync())
                while (await reader.ReadAsync()) text.Add(reader.GetString(0));
            Assert.Contains(text, l => l.Contains("hemograms_y2025m02"));
            Assert.DoesNotContain(text, l => l.Contains("hemograms_y2025m01"));
        }
        finally
        {
            await postgres.Cluster.DropDatabaseAsync(connectionString);
        }
    }
}
