using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Storage;
using Sentinela.Server.Storage.Distributed;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage;

/// <summary>The whole server on the distributed backend: FHIR in, alert raised, alert served, all kept in PostgreSQL.</summary>
public sealed class DistributedServerTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Server_on_PostgreSQL_stores_hemograms_and_serves_the_alert_they_raise()
    {
        var connectionString = await postgres.Cluster.CreateDatabaseAsync();
        var factory = new SentinelaFactory(new()
        {
            ["Sentinela:Storage:Backend"] = "Distributed",
            ["Sentinela:Storage:Distributed:PostgreSql"] = connectionString,
        });
        try
        {
            var http = factory.CreateClient();

            var alert = await Outbreaks.PlateletsLowInContagemAsync(http);

            // The rows are in PostgreSQL itself (the stores are behind the storage-timing proxy, so ask the database).
            await using (var db = new Npgsql.NpgsqlConnection(connectionString))
            {
                await db.OpenAsync();
                await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM hemograms;", db);
                Assert.Equal(40L, await count.ExecuteScalarAsync());
            }
            Assert.Equal(40, await factory.Services.GetRequiredService<IHemogramStore>().CountAsync(default));
            Assert.Equal(Outbreaks.Contagem, alert.Area.MunicipalityCode);
            var details = await http.GetFromJsonAsync<AlertDetails>($"/api/alerts/{alert.Id}", SentinelaJson.Options);
            Assert.Equal((alert.Id, alert.Version, alert.Sequence), (details!.Alert.Id, details.Alert.Version, details.Alert.Sequence));
            Assert.Equal(alert.Version, details.History.Count);
            // Evidence is read back from the hemogram partitions by id.
            Assert.NotEmpty(details.Evidence);
            Assert.All(details.Evidence, e => Assert.Equal(90_000, e.Value));
            Assert.Equal(alert.Sequence, await factory.Services.GetRequiredService<IAlertStore>().LastSequenceAsync(default));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await factory.DisposeAndDeleteAsync();
            await postgres.Cluster.DropDatabaseAsync(connectionString);
        }
    }
}
