using System.Buffers;
using Microsoft.Data.Sqlite;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>
/// How SQLite keeps a hemogram's source key: the keyed hash's upper-case hex (what <c>SourceKeyHasher</c> makes) as the
/// 32 bytes it spells, not 64 characters. The key is random, so every commit rewrites pages all over its unique index; half
/// the index is half those pages (docs/BENCHMARKS.md, issue 15). Any other key — none in production, some in tests — stays
/// text, so every key reads back exactly as it was written.
/// </summary>
static class SqliteSourceKey
{
    static readonly SearchValues<char> UpperHex = SearchValues.Create("0123456789ABCDEF");

    /// <summary>Files written before keys were bytes: their hex keys become bytes once (a meta flag remembers it).</summary>
    public const string Upgrade = """
        UPDATE hemograms SET source_key = unhex(source_key)
        WHERE typeof(source_key) = 'text' AND length(source_key) > 0 AND length(source_key) % 2 = 0 AND source_key NOT GLOB '*[^0-9A-F]*';
        INSERT INTO meta (key, value) VALUES ('source_keys', 'bytes') ON CONFLICT (key) DO NOTHING;
        """;

    public static object Stored(string key) =>
        key.Length > 0 && key.Length % 2 == 0 && key.AsSpan().IndexOfAnyExcept(UpperHex) < 0 ? Convert.FromHexString(key) : key;

    public static void Bind(PositionalStatement statement, int position, string key)
    {
        if (Stored(key) is byte[] bytes) statement.Blob(position, bytes);
        else statement.Text(position, key);
    }

    public static string Read(SqliteDataReader reader, int column) =>
        reader.GetFieldType(column) == typeof(byte[]) ? Convert.ToHexString(reader.GetFieldValue<byte[]>(column)) : reader.GetString(column);
}
