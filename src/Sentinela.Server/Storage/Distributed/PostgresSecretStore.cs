using System.Security.Cryptography;
using Npgsql;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>
/// Secrets in the secrets table. Every instance offers a random value with ON CONFLICT DO NOTHING and then reads what
/// is stored, so whichever instance came first decides and all of them agree.
/// </summary>
public sealed class PostgresSecretStore(PostgresDatabase database) : ISecretStore
{
    // Synchronous because ISecretStore is: secrets are read once, while services are being constructed.
    public byte[] GetOrCreateSecret(string name)
    {
        using var connection = database.Open();
        using var command = new NpgsqlCommand("""
            INSERT INTO secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING;
            SELECT value FROM secrets WHERE name = @name;
            """, connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("value", RandomNumberGenerator.GetBytes(32));
        return (byte[])command.ExecuteScalar()!;
    }
}
