using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Contracts;

public sealed class PostgresAlertStoreTests(PostgresFixture postgres) : AlertStoreContract, IClassFixture<PostgresFixture>
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.PostgresAsync(postgres.Cluster);
}
