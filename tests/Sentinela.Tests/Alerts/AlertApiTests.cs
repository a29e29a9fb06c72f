using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Ingestion;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Alerts;

/// <summary>The alert REST API and its FHIR Communication view, over one outbreak raised through the real ingestion path.</summary>
public sealed class AlertApiTests : IClassFixture<AlertApiTests.OneOutbreak>
{
    /// <summary>One server with one active platelets-low alert in Contagem, shared by the tests (they only read).</summary>
    public sealed class OneOutbreak : IAsyncLifetime
    {
        public SentinelaFactory Factory { get; } = new();
        public OutbreakAlert Alert { get; private set; } = null!;

        public async System.Threading.Tasks.Task InitializeAsync()
        {
            var http = Factory.CreateClient();
            for (var i = 0; i < 40; i++)
                await http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram(plateletsThousands: i % 2 == 0 ? 90 : 260)));
            (await http.PostAsync("/api/analysis/decisions", null)).EnsureSuccessStatusCode();
            Alert = (await http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!.Items.Single();
        }

        public async System.Threading.Tasks.Task DisposeAsync() => await Factory.DisposeAndDeleteAsync();
    }

    readonly OneOutbreak _outbreak;
    readonly HttpClient _http;

    public AlertApiTests(OneOutbreak outbreak) => (_outbreak, _http) = (outbreak, outbreak.Factory.CreateClient());

    [Fact]
    public async System.Threading.Tasks.Task The_list_has_an_ETag_and_answers_304_until_the_log_changes()
    {
        var first = await _http.GetAsync("/api/alerts?state=MG");
        var etag = first.Headers.ETag!;

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts?state=MG");
        request.Headers.IfNoneMatch.Add(etag);
        var second = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal($"W/\"{_outbreak.Alert.Sequence}\"", etag.ToString());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_delta_since_the_last_sequence_is_empty_and_since_zero_has_the_alert()
    {
        var empty = await _http.GetFromJsonAsync<AlertList>($"/api/alerts?sinceSequence={_outbreak.Alert.Sequence}", SentinelaJson.Options);
        var everything = await _http.GetFromJsonAsync<AlertList>("/api/alerts?sinceSequence=0", SentinelaJson.Options);

        Assert.True(empty!.IsDelta);
        Assert.Empty(empty.Items);
        Assert.Equal(_outbreak.Alert.Id, Assert.Single(everything!.Items).Id);
    }

    [Theory]
    [InlineData("?state=MG&parameter=platelets&status=active&municipality=3118601", 1)]
    [InlineData("?state=SP", 0)]
    [InlineData("?parameter=leukocytes", 0)]
    [InlineData("?status=resolved", 0)]
    [InlineData("?municipality=3106200", 0)]
    public async System.Threading.Tasks.Task Filters_narrow_the_list(string query, int expected)
    {
        var list = await _http.GetFromJsonAsync<AlertList>($"/api/alerts{query}", SentinelaJson.Options);
        Assert.Equal(expected, list!.Items.Count);
    }

    [Theory]
    [InlineData("?state=XX", "state")]
    [InlineData("?parameter=cholesterol", "parameter")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=100000", "limit")]
    [InlineData("?municipality=12", "municipality")]
    [InlineData("?status=maybe", "status")]
    [InlineData("?sinceSequence=-1", "sinceSequence")]
    public async System.Threading.Tasks.Task Bad_filters_get_400_problem_details_naming_the_field(string query, string field)
    {
        var response = await _http.GetAsync($"/api/alerts{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_malformed_query_value_gets_400()
    {
        var response = await _http.GetAsync("/api/alerts?sinceSequence=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task Details_carry_history_and_deidentified_evidence()
    {
        var details = await _http.GetFromJsonAsync<AlertDetails>($"/api/alerts/{_outbreak.Alert.Id}", SentinelaJson.Options);

        Assert.Equal(_outbreak.Alert.Id, details!.Alert.Id);
        Assert.Equal(details.Alert.Version, details.History.Count);
        Assert.True(details.Evidence.Count >= details.Alert.EvidenceCount);
        Assert.All(details.Evidence, e => Assert.Equal(90_000, e.Value));
        Assert.All(details.Evidence, e => Assert.Equal("40-49", e.AgeBand));
        var json = await _http.GetStringAsync($"/api/alerts/{_outbreak.Alert.Id}");
        Assert.DoesNotContain("Maria", json);
        Assert.DoesNotContain("1985", json);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_unknown_alert_is_404_problem_details()
    {
        var response = await _http.GetAsync($"/api/alerts/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_alert_is_readable_as_a_FHIR_Communication()
    {
        var response = await _http.GetAsync($"/fhir/Communication/{_outbreak.Alert.Id}");
        var communication = Assert.IsType<Communication>(FhirBodies.Read(await response.Content.ReadAsByteArrayAsync()));

        Assert.Equal(_outbreak.Alert.Id.ToString(), communication.Id);
        Assert.Equal(EventStatus.InProgress, communication.Status);
        Assert.Contains("Surto detectado", ((FhirString)communication.Payload[0].Content).Value);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/fhir/Communication/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task Responses_are_gzipped_when_asked()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        var response = await _http.SendAsync(request);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
    }
}
