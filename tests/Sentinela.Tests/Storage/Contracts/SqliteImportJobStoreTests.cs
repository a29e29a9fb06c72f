namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteImportJobStoreTests : ImportJobStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
