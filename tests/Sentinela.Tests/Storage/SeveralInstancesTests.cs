using System.Net.Http.Json;
using Npgsql;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage;

/// <summary>
/// Three servers in distributed mode on one PostgreSQL database and one Redis act as one: an outbreak whose hemograms
/// arrive at all of them at once is one alert, whichever instance saw which case.
/// </summary>
public sealed class SeveralInstancesTests(PostgresFixture postgres, RedisFixture redis, RedisClusterFixture cluster)
    : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>, IClassFixture<RedisClusterFixture>
{
    [Fact]
    public Task Outbreak_spread_over_three_instances_raises_exactly_one_alert() => OneAlertAsync(redis.Server.ConnectionString);

    [Fact]
    public Task Outbreak_spread_over_three_instances_on_a_Redis_cluster_raises_exactly_one_alert() => OneAlertAsync(cluster.Cluster.ConnectionString);

    async Task OneAlertAsync(string redisConfiguration)
    {
        var connectionString = await postgres.Cluster.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Sentinela:Storage:Backend"] = "Distributed",
            ["Sentinela:Storage:Distributed:PostgreSql"] = connectionString,
            ["Sentinela:Storage:Distributed:Redis"] = redisConfiguration,
            ["Sentinela:Analysis:Lease:KeyPrefix"] = $"test-{Guid.NewGuid():N}",
        };
        var instances = Enumerable.Range(0, 3).Select(_ => new SentinelaFactory(new(settings))).ToArray();
        try
        {
            var clients = instances.Select(i => i.CreateClient()).ToArray();
            // Hemogram i goes to instance i % 3; then the three instances decide at the same time, racing for the lease.
            const int count = 60;
            await Task.WhenAll(Enumerable.Range(0, 3).Select(async instance =>
            {
                for (var i = instance; i < count; i += 3)
                {
                    var response = await clients[instance].PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram(
                        municipality: Outbreaks.Contagem, plateletsThousands: i % 2 == 0 ? 90 : 260)));
                    response.EnsureSuccessStatusCode();
                }
            }));
            await Task.WhenAll(clients.Select(async c => (await c.PostAsync("/api/analysis/decisions", null)).EnsureSuccessStatusCode()));

            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();
            await using (var hemograms = new NpgsqlCommand("SELECT count(*) FROM hemograms;", db))
                Assert.Equal((long)count, await hemograms.ExecuteScalarAsync());
            var events = new List<(Guid Id, int Version)>();
            await using (var read = new NpgsqlCommand("SELECT alert_id, version FROM alert_events ORDER BY seq;", db))
            await using (var reader = await read.ExecuteReaderAsync())
                while (await reader.ReadAsync()) events.Add((reader.GetGuid(0), reader.GetInt32(1)));
            // One alert id across the whole log; later versions of it are allowed.
            var id = Assert.Single(events.Select(e => e.Id).Distinct());
            Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => e.Version));

            // Every instance serves that alert, with the evidence all three gathered.
            foreach (var client in clients)
            {
                var list = await client.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options);
                Assert.Equal(id, Assert.Single(list!.Items).Id);
            }
            await using var evidence = new NpgsqlCommand("SELECT count(*) FROM alert_evidence;", db);
            Assert.Equal((long)count / 2, await evidence.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var instance in instances) await instance.DisposeAndDeleteAsync();
            await postgres.Cluster.DropDatabaseAsync(connectionString);
        }
    }
}
