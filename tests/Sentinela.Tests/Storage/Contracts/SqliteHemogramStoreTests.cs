namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteHemogramStoreTests : HemogramStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
