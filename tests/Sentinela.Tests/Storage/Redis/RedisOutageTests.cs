using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Sentinela.Server.Storage.Distributed;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using StackExchange.Redis;
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
            var dependencies = await server.Http.GetAsync("/health/dependencies");

            Assert.All(created, s => Assert.Equal(HttpStatusCode.Created, s));
            Assert.Equal(HttpStatusCode.OK, alerts.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, dependencies.StatusCode);
            Assert.Contains("\"status\":\"Degraded\"", await dependencies.Content.ReadAsStringAsync());
            Assert.Equal(4L, await StoredCountAsync(server));
        }
        finally
        {
            await redis.Server.StartAsync();
        }
    }

    [Fact]
    public async Task While_Redis_is_down_refresh_and_login_answer_503_and_issued_access_tokens_keep_working()
    {
        // Refresh tokens outlive a Redis restart only if Redis persists them: an append-only file, synced on every write.
        await using var persistent = await RedisServer.StartAsync(["--appendonly", "yes", "--appendfsync", "always"]);
        await using var servers = await DistributedInstances.StartAsync(1, postgres.Cluster, persistent.ConnectionString);
        var server = servers[0];
        await SharedSessionsTests.CreateManagerAsync(server);
        var tokens = await SharedSessionsTests.LoginAsync(server);

        await persistent.StopAsync();
        try
        {
            await Eventually.WaitForAsync(() => Task.FromResult(server.Factory.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected), up => !up);
            var refresh = await SharedSessionsTests.RefreshAsync(server, tokens.RefreshToken);
            var login = await SharedSessionsTests.LoginResponseAsync(server);
            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me") { Headers = { Authorization = new("Bearer", tokens.AccessToken) } };
            var meAnswer = await server.Factory.CreateAnonymousClient().SendAsync(me);

            foreach (var refused in new[] { refresh, login })
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
            Assert.Equal(HttpStatusCode.OK, meAnswer.StatusCode);
        }
        finally
        {
            await persistent.StartAsync();
        }

        // The token was not used meanwhile: once Redis is back it rotates as usual.
        var after = await Eventually.WaitForAsync(() => SharedSessionsTests.RefreshAsync(server, tokens.RefreshToken), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
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
