using System.Net;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Sentinela.Tests.Ingestion;
using Sentinela.Tests.Storage.Redis;
using static Sentinela.Tests.Ingestion.ImportRequests;

namespace Sentinela.Tests.Storage;

/// <summary>
/// <c>POST /fhir/$import</c> behind a balancer with no affinity: the status URL and the cancellation work through any
/// instance, one import per laboratory holds across instances, and an import whose instance stops ends as failed.
/// </summary>
public sealed class ImportAcrossInstancesTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    Task<DistributedInstances> StartInstancesAsync() => DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString, new()
    {
        ["Sentinela:Ingestion:ImportHeartbeat"] = "00:00:00.100",
        ["Sentinela:Drain:ReadinessGrace"] = "00:00:00",
    });

    static HttpClient Lab(RealtimeServer server, string key) => new() { BaseAddress = server.BaseAddress, DefaultRequestHeaders = { { "X-Api-Key", key } } };

    [Fact]
    public async System.Threading.Tasks.Task An_import_posted_to_one_instance_is_polled_refused_again_and_cancelled_through_another()
    {
        await using var servers = await StartInstancesAsync();
        var (a, b) = (servers[0], servers[1]);
        var key = await a.Factory.LabKeyAsync();
        using var labA = Lab(a, key);
        using var labB = Lab(b, key);

        var small = ImportTests.History(300, DateTimeOffset.UtcNow.AddDays(-40), out var expected, "small");
        var done = await OutcomeAsync(labB, await StartAsync(labA, Ndjson(small)));
        Assert.Equal(("completed", (long)expected), (done.GetProperty("status").GetString(), done.GetProperty("stored").GetInt64()));
        Assert.Equal(2, done.GetProperty("refusals").GetArrayLength());

        var big = ImportTests.History(30_000, DateTimeOffset.UtcNow.AddDays(-60), out var all, "big");
        var running = await StartAsync(labA, Ndjson(big));
        var polled = await labB.GetAsync(running);
        Assert.Equal(HttpStatusCode.Accepted, polled.StatusCode);
        Assert.True(polled.Headers.Contains("X-Progress"));
        await AssertRefusedWhileRunningAsync(await labB.PostAsync("/fhir/$import", Ndjson(small)), running);

        Assert.Equal(HttpStatusCode.Accepted, (await labB.DeleteAsync(running)).StatusCode);
        var cancelled = await OutcomeAsync(labB, running);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.True(cancelled.GetProperty("stored").GetInt64() < all, "the import stopped before the end of its file");
        Assert.Equal(HttpStatusCode.Accepted, (await labB.PostAsync("/fhir/$import", Ndjson(small))).StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_import_whose_instance_stops_ends_as_failed_and_the_laboratory_imports_again_elsewhere()
    {
        await using var servers = await StartInstancesAsync();
        var (a, b) = (servers[0], servers[1]);
        var key = await a.Factory.LabKeyAsync();
        using var labB = Lab(b, key);
        string running;
        using (var labA = Lab(a, key))
            running = await StartAsync(labA, Ndjson(ImportTests.History(30_000, DateTimeOffset.UtcNow.AddDays(-60), out _, "big")));

        await a.StopAsync();

        var failed = await OutcomeAsync(labB, running);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("The server stopped during the import", failed.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await labB.PostAsync("/fhir/$import", Ndjson(ImportTests.History(10, DateTimeOffset.UtcNow.AddDays(-5), out _, "after")))).StatusCode);
    }
}
