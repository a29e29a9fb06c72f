using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Contracts;

public sealed class PostgresNotificationPreferencesStoreTests(PostgresFixture postgres) : NotificationPreferencesStoreContract, IClassFixture<PostgresFixture>
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.PostgresAsync(postgres.Cluster);
}
