extern alias simulator;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sentinela.Geography;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Tests.Infrastructure;
using Gen = simulator::Sentinela.Simulator.Generation;

namespace Sentinela.Tests.Analysis;

/// <summary>Realistic traffic through the real HTTP API, checked against ground truth computed here from what was posted.</summary>
public sealed class OutbreakDetectionTests : IAsyncLifetime
{
    const int Contagem = 3118601;
    SentinelaFactory _factory = new();
    HttpClient _http = null!;

    public System.Threading.Tasks.Task InitializeAsync()
    {
        _http = _factory.CreateClient();
        return System.Threading.Tasks.Task.CompletedTask;
    }

    public async System.Threading.Tasks.Task DisposeAsync() => await _factory.DisposeAndDeleteAsync();

    async Task<AlertList> AlertsAsync(string query = "")
    {
        var list = await _http.GetFromJsonAsync<AlertList>($"/api/alerts{query}", SentinelaJson.Options);
        return list!;
    }

    async System.Threading.Tasks.Task PostAsync(Gen.GeneratedHemogram h)
    {
        var response = await _http.PostAsync("/fhir/Observation", Observations.Content(h.Observation));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_realistic_outbreak_raises_exactly_one_alert_with_correct_statistics_then_versioned_updates()
    {
        var traffic = SimulatedTraffic.Generate(700, seed: 7, SimulatedTraffic.PlateletsLowIn(Contagem, start: TimeSpan.FromSeconds(300)));
        int? raisedAfter = null;
        string? etag = null;
        for (var i = 0; i < traffic.Count; i++)
        {
            await PostAsync(traffic[i]);
            if (raisedAfter is not null) continue;
            // The alert is logged before the POST returns, so the first change of the list's ETag marks the hemogram that raised it.
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts");
            if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            var response = await _http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.NotModified) continue;
            etag = response.Headers.ETag!.ToString();
            if ((await response.Content.ReadFromJsonAsync<AlertList>(SentinelaJson.Options))!.Items.Count > 0) raisedAfter = i;
        }

        Assert.NotNull(raisedAfter);
        Assert.True(raisedAfter >= 300, $"raised after hemogram {raisedAfter}, before the outbreak began");
        var alert = Assert.Single((await AlertsAsync()).Items);
        Assert.Equal(Sentinela.Server.Hemograms.HemogramParameter.Platelets, alert.Parameter);
        Assert.Equal(Sentinela.Server.Hemograms.Direction.Low, alert.Direction);
        Assert.Equal(AlertStatus.Active, alert.Status);
        Assert.True(alert.Version >= 2, "further cases should have produced new versions");
        Assert.StartsWith("Surto detectado:", alert.Headline);
        Assert.Contains("plaquetas baixas", alert.Headline);

        var details = (await _http.GetFromJsonAsync<AlertDetails>($"/api/alerts/{alert.Id}", SentinelaJson.Options))!;
        Assert.Equal(Enumerable.Range(1, alert.Version), details.History.Select(v => v.Version));
        Assert.All(details.History, v => Assert.Equal(alert.Id, v.Id));
        Assert.True(details.History.Select(v => v.Sequence).SequenceEqual(details.History.Select(v => v.Sequence).Order()));

        // Version 1 against an independent recomputation over the hemograms posted up to the one that raised it.
        var first = details.History[0];
        var trigger = traffic[raisedAfter!.Value];
        Assert.Equal(Math.Round(trigger.Patient.Location.Latitude, 2), first.Area.Centre.Latitude, 6);
        Assert.Equal(Math.Round(trigger.Patient.Location.Longitude, 2), first.Area.Centre.Longitude, 6);
        var lastFifty = traffic.Take(raisedAfter.Value + 1)
            .Where(h => new GeoPoint(Math.Round(h.Patient.Location.Latitude, 2), Math.Round(h.Patient.Location.Longitude, 2)).DistanceKm(first.Area.Centre) <= 50)
            .OrderByDescending(h => h.Effective).Take(50).ToList();
        var platelets = lastFifty.Select(h => PlateletsPerMicrolitre(h)).ToList();
        Assert.Equal(lastFifty.Count, first.Statistics.Total);
        Assert.Equal(platelets.Count(p => p < 150_000), first.Statistics.Abnormal);
        Assert.Equal((double)first.Statistics.Abnormal / first.Statistics.Total, first.Statistics.Proportion, 9);
        Assert.Equal(platelets.Average(), first.Statistics.Mean!.Value, 3);
        Assert.True(first.Statistics.Proportion > 0.15);
        Assert.True(first.Statistics.PValue <= new Sentinela.Server.Analysis.Collective.CollectiveAnalysisOptions().MaxPValue);

        // Evidence: every case is abnormal and inside the area; it keeps growing between versions, which are snapshots.
        Assert.InRange(alert.EvidenceCount, first.EvidenceCount, details.Evidence.Count);
        Assert.All(details.Evidence, e => Assert.True(e.Value < 150_000));
        Assert.All(details.Evidence, e => Assert.True(new GeoPoint(e.Latitude, e.Longitude).DistanceKm(alert.Area.Centre) <= alert.Area.RadiusKm));
        var abnormalPostedInArea = traffic.Skip(raisedAfter.Value + 1).Count(h =>
            PlateletsPerMicrolitre(h) < 150_000
            && new GeoPoint(Math.Round(h.Patient.Location.Latitude, 2), Math.Round(h.Patient.Location.Longitude, 2)).DistanceKm(alert.Area.Centre) <= 50);
        Assert.Equal(first.EvidenceCount + abnormalPostedInArea, details.Evidence.Count);
    }

    [Fact]
    public async System.Threading.Tasks.Task Background_noise_at_normal_rates_raises_no_alert()
    {
        var traffic = SimulatedTraffic.Generate(2000, seed: 11);
        foreach (var chunk in traffic.Chunk(100))
        {
            var bundle = new Hl7.Fhir.Model.Bundle
            {
                Type = Hl7.Fhir.Model.Bundle.BundleType.Batch,
                Entry = chunk.Select(h => new Hl7.Fhir.Model.Bundle.EntryComponent { Resource = h.Observation }).ToList(),
            };
            var response = await _http.PostAsync("/fhir", Observations.Content(bundle));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reply = (Hl7.Fhir.Model.Bundle)FhirBodies.Read(await response.Content.ReadAsByteArrayAsync())!;
            Assert.All(reply.Entry, e => Assert.Equal("201 Created", e.Response.Status));
        }

        var abnormalShare = traffic.Count(h => PlateletsPerMicrolitre(h) < 150_000) / (double)traffic.Count;
        Assert.InRange(abnormalShare, 0.005, 0.10);
        Assert.Empty((await AlertsAsync()).Items);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_alert_survives_a_restart_and_keeps_being_updated_then_resolves_when_cases_stop()
    {
        var outbreak = SimulatedTraffic.PlateletsLowIn(Contagem, start: TimeSpan.Zero, intensity: 0.9);
        foreach (var h in SimulatedTraffic.Generate(150, seed: 3, outbreak, endingAgo: TimeSpan.FromMinutes(20))) await PostAsync(h);
        var before = Assert.Single((await AlertsAsync()).Items);

        // Restart on the same SQLite file: the index and the active alert are rebuilt from storage. Only the radius lens
        // from here on, so that resolution depends on the last 50 cases and not on the day-long municipal window.
        var directory = _factory.DataDirectory;
        await _factory.DisposeAsync();
        _factory = new SentinelaFactory(new()
        {
            ["Sentinela:Analysis:Collective:Municipality:Enabled"] = "false",
            ["Sentinela:Analysis:Collective:State:Enabled"] = "false",
        }, dataDirectory: directory);
        _http = _factory.CreateClient();
        Assert.Equal(before.Id, Assert.Single((await AlertsAsync()).Items).Id);

        foreach (var h in SimulatedTraffic.Generate(200, seed: 4, outbreak with { Intensity = 1.0 }, endingAgo: TimeSpan.FromMinutes(10))) await PostAsync(h);
        var grown = Assert.Single((await AlertsAsync()).Items);
        Assert.Equal(before.Id, grown.Id);
        Assert.True(grown.Version > before.Version);

        // Only normal results from the area: the share falls and the alert resolves in a new version.
        foreach (var h in SimulatedTraffic.Generate(200, seed: 5, outbreak with { Intensity = 0.0, TrafficShare = 0.9 })) await PostAsync(h);
        var resolved = Assert.Single((await AlertsAsync()).Items);
        Assert.Equal(before.Id, resolved.Id);
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.NotNull(resolved.ResolvedAt);
        Assert.StartsWith("Surto encerrado", resolved.Headline);
    }

    static double PlateletsPerMicrolitre(Gen.GeneratedHemogram h) => h.Counts[Gen.HemogramParameter.Platelets] * 1000;
}
