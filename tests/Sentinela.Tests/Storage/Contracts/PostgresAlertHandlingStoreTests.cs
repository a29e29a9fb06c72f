using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Contracts;

public sealed class PostgresAlertHandlingStoreTests(PostgresFixture postgres) : AlertHandlingStoreContract, IClassFixture<PostgresFixture>
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.PostgresAsync(postgres.Cluster);
}
