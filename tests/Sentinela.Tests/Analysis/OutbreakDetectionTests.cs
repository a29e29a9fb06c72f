extern alias simulator;
using System.Net;
using System.Net.Http.Json;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Tests.Infrastructure;
using Gen = simulator::Sentinela.Simulator.Generation;

namespace Sentinela.Tests.Analysis;

/// <summary>Realistic traffic through the real HTTP API, checked against ground truth computed here from what was posted.</summary>
public sealed class OutbreakDetectionTests : IAsyncLifetime
{
    const int Contagem = 3118601;
    SentinelaFactory _factory = new();
    HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAndDeleteAsync();

    async Task<AlertList> AlertsAsync() => (await _http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!;

    async Task PostAsync(IEnumerable<Gen.GeneratedHemogram> traffic)
    {
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
    }

    [Fact]
    public async Task A_realistic_outbreak_raises_one_alert_whose_numbers_are_what_was_posted_in_its_area()
    {
        var traffic = SimulatedTraffic.Generate(700, seed: 7, SimulatedTraffic.PlateletsLowIn(Contagem, start: TimeSpan.FromSeconds(300)));
        await PostAsync(traffic.Take(300));
        await Decisions.DecideNowAsync(_factory.Services);
        Assert.Empty((await AlertsAsync()).Items);

        await PostAsync(traffic.Skip(300));
        await Decisions.DecideNowAsync(_factory.Services);

        var alert = Assert.Single((await AlertsAsync()).Items);
        Assert.Equal((Sentinela.Server.Hemograms.HemogramParameter.Platelets, Sentinela.Server.Hemograms.Direction.Low), (alert.Parameter, alert.Direction));
        Assert.Equal(AlertStatus.Active, alert.Status);
        Assert.Contains(Contagem, alert.Area.Municipalities);
        // Observed and tests, recomputed from what was posted in the alert's area and days.
        var s = alert.Statistics;
        var (firstDay, lastDay) = (AnalysisDay.Of(s.WindowStart), AnalysisDay.Of(s.WindowEnd));
        var inArea = traffic.Where(h => alert.Area.Municipalities.Contains(h.Patient.Municipality.IbgeCode)
            && AnalysisDay.Of(h.Effective) >= firstDay && AnalysisDay.Of(h.Effective) <= lastDay).ToList();
        Assert.Equal(inArea.Count(h => PlateletsPerMicrolitre(h) < 150_000), s.Observed);
        Assert.Equal(inArea.Count, s.Tests);
        Assert.Equal(Math.Round(s.Observed - s.Expected, 2), s.Excess, 2);
        Assert.True(s.Ratio > 2 && s.PValue < 0.05);
        Assert.Equal(AlertText.Headline(AlertType.Outbreak, alert.Status, alert.Condition, alert.Area, s), alert.Headline);
        Assert.Contains($"{s.Observed} casos", alert.Headline);

        var details = (await _http.GetFromJsonAsync<AlertDetails>($"/api/alerts/{alert.Id}", SentinelaJson.Options))!;
        Assert.Equal(Enumerable.Range(1, alert.Version), details.History.Select(v => v.Version));
        Assert.Equal(s.Observed, details.Evidence.Count);
        Assert.Equal(s.Observed, alert.EvidenceCount);
        Assert.All(details.Evidence, e => Assert.True(e.Value < 150_000 && alert.Area.Municipalities.Contains(e.MunicipalityCode)));
    }

    [Fact]
    public async Task Background_noise_at_normal_rates_raises_no_alert()
    {
        var traffic = SimulatedTraffic.Generate(2000, seed: 11);
        await PostAsync(traffic);
        await Decisions.DecideNowAsync(_factory.Services);

        var abnormalShare = traffic.Count(h => PlateletsPerMicrolitre(h) < 150_000) / (double)traffic.Count;
        Assert.InRange(abnormalShare, 0.005, 0.10);
        Assert.Empty((await AlertsAsync()).Items);
    }

    [Fact]
    public async Task An_alert_survives_a_restart_and_its_area_keeps_growing_as_the_same_alert()
    {
        var outbreak = SimulatedTraffic.PlateletsLowIn(Contagem, start: TimeSpan.Zero, intensity: 0.9);
        await PostAsync(SimulatedTraffic.Generate(300, seed: 3, outbreak, endingAgo: TimeSpan.FromMinutes(20)));
        await Decisions.DecideNowAsync(_factory.Services);
        var before = Assert.Single((await AlertsAsync()).Items);

        // Restart on the same storage: the open alert comes back from the alert log, the counts from the counters.
        var directory = _factory.DataDirectory;
        await _factory.DisposeAsync();
        _factory = new SentinelaFactory(new() { ["Sentinela:Analysis:Detection:MinVersionInterval"] = "00:00:00" }, dataDirectory: directory);
        _http = _factory.CreateClient();
        Assert.Equal(before.Id, Assert.Single((await AlertsAsync()).Items).Id);

        await PostAsync(SimulatedTraffic.Generate(400, seed: 4, outbreak with { Intensity = 1.0 }, endingAgo: TimeSpan.FromMinutes(10)));
        await Decisions.DecideNowAsync(_factory.Services);
        var grown = Assert.Single((await AlertsAsync()).Items);
        Assert.Equal(before.Id, grown.Id);
        Assert.True(grown.Version > before.Version);
        Assert.True(grown.Statistics.Observed > before.Statistics.Observed);
        Assert.Equal(AlertStatus.Active, grown.Status);
    }

    [Fact]
    public async Task Left_alone_the_server_counts_and_decides_by_itself_moments_after_the_posts()
    {
        await _factory.DisposeAndDeleteAsync();
        _factory = new SentinelaFactory(new() { ["Sentinela:Analysis:Detection:DecisionDelay"] = "00:00:00.050" });
        _http = _factory.CreateClient();

        await PostAsync(SimulatedTraffic.Generate(300, seed: 5, SimulatedTraffic.PlateletsLowIn(Contagem, start: TimeSpan.Zero, intensity: 0.9)));

        var listed = await Eventually.WaitForAsync(AlertsAsync, list => list.Items.Count > 0, TimeSpan.FromSeconds(20));
        Assert.Contains(Contagem, Assert.Single(listed.Items).Area.Municipalities);
        // The alert may come from the first counts, while the outbox still holds the rest of the posts.
        var status = await Eventually.WaitForAsync(
            async () => (await _http.GetFromJsonAsync<Sentinela.Server.Analysis.AnalysisStatus>("/api/analysis", SentinelaJson.Options))!,
            s => s.Backlog == 0, TimeSpan.FromSeconds(20));
        Assert.NotNull(status.LastDecisionAt);
    }

    static double PlateletsPerMicrolitre(Gen.GeneratedHemogram h) => h.Counts[Gen.HemogramParameter.Platelets] * 1000;
}
