using Npgsql;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>
/// Parameterised statements in one line each, like SqliteCommands: nulls become DBNull (cast them in SQL where their
/// type matters) and times are written as UTC truncated to the millisecond, what the embedded store keeps.
/// </summary>
static class PostgresCommands
{
    public static async Task<int> ExecuteAsync(this NpgsqlConnection c, string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var command = Prepare(c, sql, args);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this NpgsqlConnection c, string sql, Func<NpgsqlDataReader, T> map, CancellationToken ct,
        params (string Name, object? Value)[] args)
    {
        await using var command = Prepare(c, sql, args);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }

    public static DateTimeOffset? TimeOrNull(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    public static DateTimeOffset Time(this NpgsqlDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i);

    public static string? StringOrNull(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Npgsql writes timestamptz only from offset-zero values.</summary>
    public static DateTimeOffset Utc(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    public static NpgsqlCommand Prepare(NpgsqlConnection c, string sql, (string Name, object? Value)[] args)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args)
            command.Parameters.AddWithValue(name, value switch
            {
                null => DBNull.Value,
                DateTimeOffset t => Utc(t),
                _ => value,
            });
        return command;
    }
}
