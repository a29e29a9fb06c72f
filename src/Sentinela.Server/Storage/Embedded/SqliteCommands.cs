using Microsoft.Data.Sqlite;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>Parameterised statements in one line each: nulls become DBNull, rows are mapped by the caller.</summary>
static class SqliteCommands
{
    public static async Task<int> ExecuteAsync(this SqliteConnection c, string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var command = Prepare(c, sql, args);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this SqliteConnection c, string sql, Func<SqliteDataReader, T> map, CancellationToken ct,
        params (string Name, object? Value)[] args)
    {
        await using var command = Prepare(c, sql, args);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }

    public static DateTimeOffset? TimeOrNull(this SqliteDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    public static string? StringOrNull(this SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static object? Millis(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    static SqliteCommand Prepare(SqliteConnection c, string sql, (string Name, object? Value)[] args)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
