using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Contracts;

public sealed class PostgresAccountStoreTests(PostgresFixture postgres) : AccountStoreContract, IClassFixture<PostgresFixture>
{
    protected override Task<StorageUnderTest> OpenAsync() => StorageUnderTest.PostgresAsync(postgres.Cluster);
}
