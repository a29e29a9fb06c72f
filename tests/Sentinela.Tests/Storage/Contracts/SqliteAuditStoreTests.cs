namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteAuditStoreTests : AuditStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
