namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteAlertStoreTests : AlertStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
