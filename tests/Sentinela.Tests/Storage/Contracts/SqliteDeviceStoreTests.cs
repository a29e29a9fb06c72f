namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteDeviceStoreTests : DeviceStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
