using System.Security.Cryptography;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>
/// Random secrets for one backtest: the source keys they hash are compared within the run (duplicates) and never stored,
/// so nothing needs the deployment's own secret, or its database.
/// </summary>
internal sealed class EphemeralSecretStore : ISecretStore
{
    readonly Dictionary<string, byte[]> _secrets = [];

    public byte[] GetOrCreateSecret(string name)
    {
        lock (_secrets)
        {
            if (!_secrets.TryGetValue(name, out var secret)) _secrets[name] = secret = RandomNumberGenerator.GetBytes(32);
            return secret;
        }
    }
}
