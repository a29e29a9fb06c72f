using Microsoft.Extensions.Options;
using Npgsql;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>The PostgreSQL connection pool of this instance; brings the schema up to date (or checks it is) when first resolved.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(IOptions<DistributedStorageOptions> options)
    {
        _dataSource = NpgsqlDataSource.Create(options.Value.PostgreSql);
        if (options.Value.MigrateOnStart)
            PostgresMigrations.Apply(_dataSource);
        else if (PostgresMigrations.CurrentVersion(_dataSource) is var current && current < PostgresMigrations.Latest)
            throw new InvalidOperationException(
                $"The PostgreSQL schema is at version {current}, this build needs {PostgresMigrations.Latest}: run `sentinela-server migrate`.");
    }

    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(ct);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            throw new NoPrimaryException(e);
        }
    }

    public NpgsqlConnection Open()
    {
        try
        {
            return _dataSource.OpenConnection();
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            throw new NoPrimaryException(e);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
