namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteAccountStoreTests : AccountStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
