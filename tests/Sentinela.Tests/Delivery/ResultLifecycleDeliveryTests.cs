using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Delivery;
using Sentinela.Server.Hemograms;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Delivery;

/// <summary>
/// A laboratory's corrections reach the people watching: an amended result changes the evidence of an open alert, which is
/// re-evaluated into a new version; results entered in error take the outbreak away, and the alert resolves. Both arrive at
/// a live client like any other version.
/// </summary>
public sealed class ResultLifecycleDeliveryTests
{
    static readonly DateTimeOffset Collected = DateTimeOffset.UtcNow.AddHours(-1);

    static Observation Result(int i, double platelets, ObservationStatus status = ObservationStatus.Final)
    {
        var observation = Observations.Hemogram(identifier: $"lifecycle-{i}", municipality: Outbreaks.Contagem, plateletsThousands: platelets, collectedAt: Collected);
        observation.Status = status;
        return observation;
    }

    static StringContent Batch(IEnumerable<Observation> results) => Observations.Content(new Bundle
    {
        Type = Bundle.BundleType.Batch,
        Entry = results.Select(r => new Bundle.EntryComponent { Resource = r, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" } }).ToList(),
    });

    static async Task<IReadOnlyList<string>> EntryStatusesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.IsType<Bundle>(FhirBodies.Read(await response.Content.ReadAsByteArrayAsync()));
        return reply.Entry.Select(e => e.Response.Status ?? "").ToList();
    }

    [Fact]
    public async System.Threading.Tasks.Task An_amended_result_re_evaluates_the_alert_and_results_entered_in_error_resolve_it_on_a_live_client()
    {
        await using var server = new RealtimeServer();
        await using var manager = await server.ConnectAsync();
        await manager.WatchAsync(new WatchArea { MunicipalityCode = Outbreaks.Contagem });

        // 40 hemograms, the even ones with low platelets: an outbreak.
        Assert.All(await EntryStatusesAsync(await server.Http.PostAsync("/fhir", Batch(Enumerable.Range(0, 40).Select(i => Result(i, i % 2 == 0 ? 90 : 260))))),
            s => Assert.StartsWith("201", s));
        (await server.Http.PostAsync("/api/analysis/decisions", null)).EnsureSuccessStatusCode();
        await manager.SyncAsync();
        var raised = Assert.Single(manager.Alerts).Alert;
        Assert.Equal((AlertStatus.Active, 1), (raised.Status, raised.Version));

        // The laboratory reviews: half of the low counts were clumped samples, amended to normal values.
        var amended = Enumerable.Range(0, 40).Where(i => i % 4 == 0).ToList();
        Assert.All(await EntryStatusesAsync(await server.Http.PostAsync("/fhir", Batch(amended.Select(i => Result(i, 255, ObservationStatus.Amended))))),
            s => Assert.StartsWith("200", s));
        (await server.Http.PostAsync("/api/analysis/decisions", null)).EnsureSuccessStatusCode();
        await manager.SyncAsync();
        var reevaluated = manager.Alerts.Last().Alert;
        Assert.Equal(raised.Id, reevaluated.Id);
        Assert.True(reevaluated.Version > raised.Version, "an amended result makes a new version of the alert it was evidence of");
        Assert.True(reevaluated.Statistics.Observed < raised.Statistics.Observed,
            $"observed {reevaluated.Statistics.Observed} after amendments, {raised.Statistics.Observed} before");

        // The rest were entered in error: nothing abnormal is left, and the alert resolves.
        var retracted = Enumerable.Range(0, 40).Where(i => i % 4 == 2).ToList();
        Assert.All(await EntryStatusesAsync(await server.Http.PostAsync("/fhir", Batch(retracted.Select(i => Result(i, 90, ObservationStatus.EnteredInError))))),
            s => Assert.StartsWith("200", s));
        (await server.Http.PostAsync("/api/analysis/decisions", null)).EnsureSuccessStatusCode();
        await manager.SyncAsync();
        var resolved = manager.Alerts.Last();
        Assert.Equal((raised.Id, AlertEvent.Resolved, AlertStatus.Resolved), (resolved.Alert.Id, resolved.EventType, resolved.Alert.Status));

        // The evidence keeps the retracted results, marked as such, for audit.
        var details = (await server.Http.GetFromJsonAsync<AlertDetails>($"/api/alerts/{raised.Id}", SentinelaJson.Options))!;
        Assert.Contains(details.Evidence, e => e.Status == HemogramStatus.Retracted);
        Assert.DoesNotContain(details.Evidence, e => e.Status == HemogramStatus.Retracted && e.Version < 2);
    }
}
