using Sentinela.Server.Storage;

namespace Sentinela.Benchmarks;

/// <summary>The per-deployment secret without a database: a constant key, so the source-key hash costs what it costs in the server.</summary>
public sealed class FixedSecretStore : ISecretStore
{
    public byte[] GetOrCreateSecret(string name) => [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + name.Length))];
}
