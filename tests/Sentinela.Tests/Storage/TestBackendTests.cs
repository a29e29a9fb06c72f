using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sentinela.Server.Alerts;
using Sentinela.Server.Storage;
using Sentinela.Server.Storage.Distributed.Redis;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Storage;

/// <summary>The test servers run on the backend the test run chose (scripts/test.sh runs the slice once on each).</summary>
public sealed class TestBackendTests
{
    [Fact]
    public async Task A_test_server_runs_on_the_backend_named_by_SENTINELA_TEST_BACKEND()
    {
        var factory = new SentinelaFactory();
        try
        {
            var distributed = DistributedTestStorage.IsSelected;
            Assert.Equal(distributed ? StorageBackend.Distributed : StorageBackend.Embedded,
                factory.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Backend);
            Assert.Equal(distributed, factory.Services.GetRequiredService<IAlertBus>() is RedisAlertBus);
        }
        finally
        {
            await factory.DisposeAndDeleteAsync();
        }
    }
}
