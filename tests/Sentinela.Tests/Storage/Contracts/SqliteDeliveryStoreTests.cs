namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteDeliveryStoreTests : DeliveryStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
