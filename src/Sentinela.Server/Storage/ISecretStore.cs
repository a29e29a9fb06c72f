namespace Sentinela.Server.Storage;

/// <summary>Per-deployment random secrets kept with the data, so every process of a deployment shares them.</summary>
public interface ISecretStore
{
    byte[] GetOrCreateSecret(string name);
}
