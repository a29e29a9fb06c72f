using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Sentinela.Server.Storage.Distributed;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Task = System.Threading.Tasks.Task;

namespace Sentinela.Tests.Storage.Redis;

/// <summary>
/// Redis is coordination, not storage: while it is down an instance keeps accepting hemograms into PostgreSQL and serving
/// REST (limits then count per instance), and reports itself Degraded, not Unhealthy. This class's Redis is its own.
/// </summary>
public sealed class RedisOutageTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    [Fact]
    public async Task While_Redis_is_down_hemograms_are_stored_in_PostgreSQL_and_rest_is_served()
    {
        await using var servers = await DistributedInstances.StartAsync(1, postgres.Cluster, redis.Server.ConnectionString,
            new() { ["Sentinela:Limits:RestRequestsPerMinute"] = "100", ["Sentinela:Limits:HemogramsPerMinutePerLab"] = "100" });
        var server = servers[0];
        Assert.Equal(HttpStatusCode.Created, (await PostOneAsync(server)).StatusCode);

        await redis.Server.StopAsync();
        try
        {
            var created = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++) created.Add((await PostOneAsync(server)).StatusCode);
            var alerts = await server.Http.GetAsync("/api/alerts");
            var ready = await server.Http.GetAsync("/health/ready");

            Assert.All(created, s => Assert.Equal(HttpStatusCode.Created, s));
            Assert.Equal(HttpStatusCode.OK, alerts.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("\"status\":\"Degraded\"", await ready.Content.ReadAsStringAsync());
            Assert.Equal(4L, await StoredCountAsync(server));
        }
        finally
        {
            await redis.Server.StartAsync();
        }
    }

    static Task<HttpResponseMessage> PostOneAsync(RealtimeServer server) =>
        server.Http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram()));

    static async Task<long> StoredCountAsync(RealtimeServer server)
    {
        var connectionString = server.Factory.Services.GetRequiredService<IOptions<DistributedStorageOptions>>().Value.PostgreSql;
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM hemograms;", db);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
