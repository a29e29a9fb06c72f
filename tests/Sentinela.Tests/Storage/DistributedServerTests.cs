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

    [Fact]
    public async Task The_embedded_and_the_distributed_server_raise_the_same_alerts_for_the_same_input()
    {
        // Two weeks of history in Minas Gerais, then today an outbreak in Contagem and its neighbours: one bundle per day.
        var now = DateTimeOffset.UtcNow;
        var days = Enumerable.Range(0, 15).Select(d => SimulatedTraffic.Generate(400, seed: 100 + d,
            d == 14 ? SimulatedTraffic.PlateletsLowIn(Outbreaks.Contagem, TimeSpan.Zero, intensity: 0.8) : null,
            endingAgo: TimeSpan.FromDays(14 - d) + TimeSpan.FromMinutes(5))).ToList();
        var connectionString = await postgres.Cluster.CreateDatabaseAsync();
        var embedded = new SentinelaFactory(new() { ["Sentinela:Storage:Backend"] = "Embedded" });
        var distributed = new SentinelaFactory(new()
        {
            ["Sentinela:Storage:Backend"] = "Distributed",
            ["Sentinela:Storage:Distributed:PostgreSql"] = connectionString,
        });
        try
        {
            var answers = new List<IReadOnlyList<OutbreakAlert>>();
            foreach (var factory in new[] { embedded, distributed })
            {
                var http = factory.CreateClient();
                foreach (var day in days)
                    foreach (var chunk in day.Chunk(200))
                        (await http.PostAsync("/fhir", Observations.Content(new Hl7.Fhir.Model.Bundle
                        {
                            Type = Hl7.Fhir.Model.Bundle.BundleType.Batch,
                            Entry = chunk.Select(h => new Hl7.Fhir.Model.Bundle.EntryComponent { Resource = h.Observation }).ToList(),
                        }))).EnsureSuccessStatusCode();
                (await http.PostAsync("/api/analysis/decisions", null)).EnsureSuccessStatusCode();
                answers.Add((await http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!.Items);
            }

            Assert.NotEmpty(answers[0]);
            Assert.Contains(answers[0], a => a.Area.Municipalities.Contains(Outbreaks.Contagem));
            Assert.Equal(string.Join("\n", Story(answers[0])), string.Join("\n", Story(answers[1])));
        }
        finally
        {
            await embedded.DisposeAndDeleteAsync();
            await distributed.DisposeAndDeleteAsync();
            await postgres.Cluster.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>What an alert says, without what only the moment of the decision sets (ids, times, sequences).</summary>
    static List<string> Story(IEnumerable<OutbreakAlert> alerts) => alerts
        .Select(a => $"{a.Type} {a.Condition} {a.Detector} {a.Severity} {a.Status} v{a.Version} [{string.Join(",", a.Area.Municipalities)}] " +
            $"{a.Statistics.Observed}/{a.Statistics.Tests} exp {a.Statistics.Expected} p {a.Statistics.PValue} {a.Statistics.WindowStart:u} {a.EvidenceCount}")
        .Order().ToList();
}
