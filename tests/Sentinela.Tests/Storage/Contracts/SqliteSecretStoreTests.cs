namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteSecretStoreTests : SecretStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
