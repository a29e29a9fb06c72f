namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteRefreshTokenStoreTests : RefreshTokenStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
