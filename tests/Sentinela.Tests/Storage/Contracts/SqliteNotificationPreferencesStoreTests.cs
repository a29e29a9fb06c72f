namespace Sentinela.Tests.Storage.Contracts;

public sealed class SqliteNotificationPreferencesStoreTests : NotificationPreferencesStoreContract
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.SqliteAsync();
}
