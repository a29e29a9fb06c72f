namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqlitePushQueueTests : PushQueueContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
