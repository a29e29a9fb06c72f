using System.Reflection;
using Npgsql;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>
/// The versioned schema: Migrations/NNNN_name.sql, embedded in the assembly and applied in version order. One run takes
/// a transaction-scoped advisory lock, records each version in schema_migrations and commits all of them together, so
/// instances starting at once apply each migration exactly once and never see half a schema.
/// </summary>
public static class PostgresMigrations
{
    public sealed record Migration(int Version, string Name, string Sql);

    const string ResourcePrefix = "migrations/";

    public static IReadOnlyList<Migration> All { get; } = Load();

    public static int Latest => All[^1].Version;

    /// <summary>
    /// Applies what is pending and returns those migrations. Synchronous: it runs once per process before anything else
    /// touches the database (from a DI constructor or the migrate command), like the embedded store's schema creation.
    /// </summary>
    public static IReadOnlyList<Migration> Apply(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, "SELECT pg_advisory_xact_lock(hashtext('sentinela.migrations'));");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            """);
        var applied = AppliedVersions(connection);
        var pending = All.Where(m => !applied.Contains(m.Version)).ToList();
        foreach (var migration in pending)
        {
            Execute(connection, migration.Sql);
            using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@v, @n);", connection);
            record.Parameters.AddWithValue("v", migration.Version);
            record.Parameters.AddWithValue("n", migration.Name);
            record.ExecuteNonQuery();
        }
        transaction.Commit();
        return pending;
    }

    /// <summary>The highest applied version, 0 for an empty database.</summary>
    public static int CurrentVersion(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL;", connection);
        if (!(bool)exists.ExecuteScalar()!) return 0;
        using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations;", connection);
        return (int)command.ExecuteScalar()!;
    }

    static HashSet<int> AppliedVersions(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT version FROM schema_migrations;", connection);
        using var reader = command.ExecuteReader();
        var versions = new HashSet<int>();
        while (reader.Read()) versions.Add(reader.GetInt32(0));
        return versions;
    }

    static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    static List<Migration> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[ResourcePrefix.Length..^".sql".Length];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return new Migration(int.Parse(name[..name.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
        if (migrations.Count == 0 || migrations.Select(m => m.Version).Distinct().Count() != migrations.Count)
            throw new InvalidOperationException("The embedded PostgreSQL migrations are missing or have duplicate versions.");
        return migrations;
    }
}
