using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>
/// A statement prepared once on a connection and bound by position, through SQLitePCLRaw (the layer under
/// Microsoft.Data.Sqlite). For the statements the writer runs for every hemogram: Microsoft.Data.Sqlite looks up each
/// parameter's index by its name on every execution (<c>sqlite3_bind_parameter_index</c>, with the name marshalled to
/// UTF-8 each time), which was 40 % of the hemogram writer's time for the 28-column insert (docs/BENCHMARKS.md, issue 15).
/// It runs inside whatever transaction the connection is in. Positions count from 1, as SQLite's do.
/// </summary>
sealed class PositionalStatement : IDisposable
{
    readonly SqliteConnection _connection;
    readonly sqlite3_stmt _statement;

    public PositionalStatement(SqliteConnection connection, string sql)
    {
        _connection = connection;
        Check(raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement));
    }

    public void Text(int position, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, position) : raw.sqlite3_bind_text(_statement, position, value));

    public void Blob(int position, byte[] value) => Check(raw.sqlite3_bind_blob(_statement, position, value));

    public void Integer(int position, long value) => Check(raw.sqlite3_bind_int64(_statement, position, value));

    public void Integer(int position, long? value) => Check(value is { } v ? raw.sqlite3_bind_int64(_statement, position, v) : raw.sqlite3_bind_null(_statement, position));

    public void Real(int position, double? value) => Check(value is { } v ? raw.sqlite3_bind_double(_statement, position, v) : raw.sqlite3_bind_null(_statement, position));

    /// <summary>Runs it to the end; the first column of its first row (a RETURNING clause's), or null when it returned none.</summary>
    public long? Execute()
    {
        try
        {
            long? first = null;
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
                first ??= raw.sqlite3_column_int64(_statement, 0);
            Check(rc);
            return first;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE)) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }

    public void Dispose() => _statement.Dispose();
}
