using Npgsql;

namespace Sentinela.Tests.Infrastructure;

/// <summary>What a PostgreSQL store holds, read directly: the ground truth fault tests compare acknowledged writes with.</summary>
public static class StoredHemograms
{
    /// <summary>Every stored hemogram's id, one per row (a duplicate row would show twice).</summary>
    public static async Task<List<Guid>> IdsAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM hemograms;", db);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }
}
