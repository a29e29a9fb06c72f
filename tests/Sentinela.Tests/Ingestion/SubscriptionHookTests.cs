using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Ingestion;

/// <summary>Rest-hook notifications from a (fake, real-protocol) source FHIR server, in each payload style.</summary>
public sealed class SubscriptionHookTests : IAsyncLifetime
{
    FakeFhirServer _source = null!;
    SentinelaFactory _factory = null!;
    HttpClient _http = null!;

    public async System.Threading.Tasks.Task InitializeAsync()
    {
        _source = await FakeFhirServer.StartAsync();
        _factory = new SentinelaFactory(new() { ["Sentinela:Ingestion:SourceFhirServer"] = _source.BaseUrl });
        _http = _factory.CreateClient();
    }

    public async System.Threading.Tasks.Task DisposeAsync()
    {
        await _factory.DisposeAndDeleteAsync();
        await _source.DisposeAsync();
    }

    async Task<long> StoredCount() => await _factory.Services.GetRequiredService<IHemogramStore>().CountAsync(default);

    /// <summary>An Observation as a FHIR server holds it: its own id, subject and performer as references to other resources.</summary>
    Observation ServerObservation(string id, double platelets = 250)
    {
        var o = Observations.Hemogram(plateletsThousands: platelets);
        var patient = (Patient)o.Contained[0];
        patient.Id = $"pat-{id}";
        var lab = (Organization)o.Contained[1];
        lab.Id = "lab-1";
        _source.Add(patient);
        _source.Add(lab);
        o.Contained.Clear();
        o.Identifier.Clear();
        o.Id = id;
        o.Subject = new ResourceReference($"Patient/{patient.Id}");
        o.Performer = [new ResourceReference("Organization/lab-1")];
        _source.Add(o);
        return o;
    }

    static Bundle Notification(string type, params Bundle.EntryComponent[] events)
    {
        var status = new Parameters();
        status.Add("subscription", new ResourceReference("Subscription/hemograms"));
        status.Add("type", new Code(type));
        status.Add("events-since-subscription-start", new FhirString(events.Length.ToString()));
        return new Bundle { Type = Bundle.BundleType.History, Entry = [new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = status }, .. events] };
    }

    [Fact]
    public async System.Threading.Tasks.Task A_full_resource_notification_stores_the_observation_reading_its_references()
    {
        var o = ServerObservation("obs-1");
        var response = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(
            Notification("event-notification", new Bundle.EntryComponent { FullUrl = $"{_source.BaseUrl}/Observation/obs-1", Resource = o })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task An_id_only_notification_reads_the_observation_from_the_source_and_resubmission_is_idempotent()
    {
        ServerObservation("obs-2");
        var notification = Notification("event-notification", new Bundle.EntryComponent { FullUrl = $"{_source.BaseUrl}/Observation/obs-2" });

        var first = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(notification));
        var again = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(notification));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("0 stored, 1 already stored", await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task An_empty_notification_searches_the_source_and_follows_paging()
    {
        foreach (var id in new[] { "a", "b", "c", "d", "e" }) ServerObservation(id);

        var bundleStyle = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(Notification("event-notification")));
        var emptyBody = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(""));

        Assert.Equal(HttpStatusCode.OK, bundleStyle.StatusCode);
        Assert.Equal(HttpStatusCode.OK, emptyBody.StatusCode);
        Assert.Equal(5, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_classic_rest_hook_PUT_with_the_resource_is_stored()
    {
        var o = Observations.Hemogram();
        o.Id = "classic-1";
        var response = await _http.PutAsync("/fhir/subscription-hook/Observation/classic-1", Observations.Content(o));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task Handshakes_and_heartbeats_are_acknowledged_without_reading_anything()
    {
        var handshake = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(Notification("handshake")));
        var heartbeat = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(Notification("heartbeat")));

        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        Assert.Equal(HttpStatusCode.OK, heartbeat.StatusCode);
        Assert.Equal(0, _source.Reads);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_source_outage_answers_503_so_the_sender_retries_and_nothing_is_lost()
    {
        ServerObservation("obs-3");
        var notification = Notification("event-notification", new Bundle.EntryComponent { FullUrl = $"{_source.BaseUrl}/Observation/obs-3" });

        _source.Down = true;
        var during = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(notification));
        _source.Down = false;
        var retry = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(notification));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_notified_observation_that_is_not_a_hemogram_gets_422()
    {
        var o = ServerObservation("obs-4");
        o.Component.Clear();
        var response = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(
            Notification("event-notification", new Bundle.EntryComponent { FullUrl = $"{_source.BaseUrl}/Observation/obs-4", Resource = o })));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Observation/obs-4", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task An_id_only_event_naming_another_server_is_refused_not_fetched()
    {
        ServerObservation("obs-5");
        var elsewhere = Notification("event-notification",
            new Bundle.EntryComponent { FullUrl = "http://169.254.169.254/fhir/Observation/obs-5" },
            new Bundle.EntryComponent { FullUrl = $"{_source.BaseUrl}/Observation/obs-5" });

        var response = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(elsewhere));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("1 stored, 0 already stored, 0 revised, 1 rejected", body);
        Assert.Contains("is not on the configured source server", body);
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_source_answering_with_an_unreadable_observation_gets_422_so_the_sender_stops_retrying()
    {
        _source.AddRaw("Observation/obs-6", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"valueQuantity\":{\"value\":\"92\"}}");
        var notification = Notification("event-notification", new Bundle.EntryComponent { FullUrl = $"{_source.BaseUrl}/Observation/obs-6" });

        var response = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(notification));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("cannot read", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task Malformed_and_unexpected_notifications_get_400()
    {
        var malformed = await _http.PostAsync("/fhir/subscription-hook", Observations.Content("{ nope"));
        var wrongType = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(new Patient()));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_oversized_notification_gets_413()
    {
        var huge = Observations.Hemogram();
        huge.Note = [new Annotation { Text = new string('x', 1_100_000) }];
        var response = await _http.PostAsync("/fhir/subscription-hook", Observations.Content(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await StoredCount());
    }
}
