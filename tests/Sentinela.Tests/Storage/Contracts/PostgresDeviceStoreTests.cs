using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Contracts;

public sealed class PostgresDeviceStoreTests(PostgresFixture postgres) : DeviceStoreContract, IClassFixture<PostgresFixture>
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.PostgresAsync(postgres.Cluster);
}
