using System.Net.Http.Json;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Redis;

/// <summary>The municipality window counts every instance's hemograms: several instances alert as one would.</summary>
public sealed class SharedRegionWindowTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    /// <summary>The municipality lens alone, needing every hemogram of the outbreak: a third of them (one instance's share) never reaches it.</summary>
    internal static Dictionary<string, string?> MunicipalityLensOnly(int minVolume) => new()
    {
        ["Sentinela:Analysis:Collective:Radius:Enabled"] = "false",
        ["Sentinela:Analysis:Collective:Municipality:MinVolume"] = minVolume.ToString(),
    };

    [Fact]
    public async Task An_outbreak_spread_over_three_instances_raises_one_municipality_alert_counting_every_hemogram()
    {
        const int count = 45;
        await using var servers = await DistributedInstances.StartAsync(3, postgres.Cluster, redis.Server.ConnectionString, MunicipalityLensOnly(count));

        for (var i = 0; i < count; i++)
            await PostAsync(servers[i % 3], low: i % 2 == 0);

        var alerts = (await servers[0].Http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!.Items;
        var alert = Assert.Single(alerts);
        Assert.Equal((DetectorKind.MunicipalityWindow, Outbreaks.Contagem), (alert.Detector, alert.Area.MunicipalityCode));
        Assert.Equal((count, 23), (alert.Statistics.Total, alert.Statistics.Abnormal));
        // The evidence lists the abnormal hemograms every instance received, not only the deciding one's.
        Assert.Equal(23, alert.EvidenceCount);
    }

    internal static async Task PostAsync(RealtimeServer server, bool low)
    {
        var response = await server.Http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram(
            municipality: Outbreaks.Contagem, plateletsThousands: low ? 90 : 260)));
        response.EnsureSuccessStatusCode();
    }
}
