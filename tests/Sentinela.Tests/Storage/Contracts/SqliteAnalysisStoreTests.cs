namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteAnalysisStoreTests : AnalysisStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
