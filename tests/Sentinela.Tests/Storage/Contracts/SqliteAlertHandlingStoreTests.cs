namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteAlertHandlingStoreTests : AlertHandlingStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
