using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>ISecretStore: one random secret per name and deployment, the same for every instance.</summary>
public abstract class SecretStoreContract : StorageContract
{
    ISecretStore Store => Storage.Get<ISecretStore>();

    [Fact]
    public async Task A_secret_is_created_once_and_shared_by_every_instance()
    {
        var others = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Storage.AnotherInstanceAsync()));

        var secrets = await Task.WhenAll(others.Select(o => (ISecretStore)o.GetService(typeof(ISecretStore))!).Append(Store)
            .Select(s => Task.Run(() => s.GetOrCreateSecret("source-identity-key"))));

        Assert.Equal(32, secrets[0].Length);
        Assert.All(secrets, s => Assert.Equal(secrets[0], s));
        Assert.NotEqual(secrets[0], Store.GetOrCreateSecret("jwt-signing-key"));
    }
}
