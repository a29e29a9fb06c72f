using System.Security.Cryptography;
using System.Text;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Keyed hash (HMAC-SHA256, per-deployment secret) of a source Observation's identity: equal for a resubmission, and
/// not reversible to the lab's identifiers by anyone who reads the database without the secret.
/// </summary>
public sealed class SourceKeyHasher(ISecretStore secrets)
{
    readonly byte[] _key = secrets.GetOrCreateSecret("source-identity-key");

    public string Hash(string sourceIdentity) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(sourceIdentity)));
}
