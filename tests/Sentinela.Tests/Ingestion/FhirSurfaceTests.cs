using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Ingestion;

/// <summary>
/// The FHIR endpoints issue 15 added or changed — DiagnosticReport create, document/collection Bundles at /fhir/Bundle,
/// read-back with versions — against malformed, oversized, unauthorised and duplicate input, and the rule that every
/// answer under /fhir, refusals included, is FHIR.
/// </summary>
public sealed class FhirSurfaceTests : ServerTest
{
    static readonly string Corpus = IngestionCorpus.Folder;
    static byte[] File(string path) => System.IO.File.ReadAllBytes(Path.Combine(Corpus, path));

    const string Report = "lis/20-diagnosticreport-contained-results.json";
    const string Document = "eu-lab/01-laboratory-report-document.json";

    static ByteArrayContent Json(byte[] body, string type = "application/fhir+json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    }

    static async Task<OperationOutcome> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        return Assert.IsType<OperationOutcome>(FhirBodies.Read(await response.Content.ReadAsByteArrayAsync()));
    }

    public static TheoryData<string, string> Endpoints => new() { { "/fhir/DiagnosticReport", Report }, { "/fhir/Bundle", Document } };

    [Theory]
    [InlineData("/fhir/DiagnosticReport")]
    [InlineData("/fhir/Bundle")]
    public async System.Threading.Tasks.Task Malformed_json_gets_400_as_an_OperationOutcome(string path)
    {
        var response = await Http.PostAsync(path, Json("{\"resourceType\": \"Bundle\", \"type\": "u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await OutcomeAsync(response)).Issue);
        Assert.Equal(0, await StoredCount());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async System.Threading.Tasks.Task An_oversized_body_gets_413(string path, string file)
    {
        await using var small = new SentinelaFactory(new() { ["Sentinela:Ingestion:MaxBodyBytes"] = "1024" });
        var response = await small.CreateClient().PostAsync(path, Json(File(file)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("exceeds the limit", (await OutcomeAsync(response)).Issue[0].Diagnostics);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async System.Threading.Tasks.Task Without_a_laboratory_key_it_is_401_and_a_health_manager_gets_403(string path, string file)
    {
        var anonymous = await Factory.CreateAnonymousClient().PostAsync(path, Json(File(file)));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.NotEmpty((await OutcomeAsync(anonymous)).Issue);

        using var manager = Factory.CreateAnonymousClient();
        manager.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Factory.TokenFor(Role.StateCoordinator, Jurisdiction.OfState(52), "gestor-go"));
        var forbidden = await manager.PostAsync(path, Json(File(file)));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.NotEmpty((await OutcomeAsync(forbidden)).Issue);
        Assert.Equal(0, await StoredCount());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async System.Threading.Tasks.Task A_duplicate_is_answered_200_and_stored_once(string path, string file)
    {
        var first = await Http.PostAsync(path, Json(File(file)));
        var again = await Http.PostAsync(path, Json(File(file)));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task Bundles_go_where_their_type_belongs()
    {
        var batchAtBundle = await Http.PostAsync("/fhir/Bundle", Observations.Content(new Bundle { Type = Bundle.BundleType.Batch }));
        var observationAtBundle = await Http.PostAsync("/fhir/Bundle", Observations.Content(Observations.Hemogram()));

        Assert.Equal(HttpStatusCode.BadRequest, batchAtBundle.StatusCode);
        Assert.Contains("/fhir", (await OutcomeAsync(batchAtBundle)).Issue[0].Diagnostics);
        Assert.Equal(HttpStatusCode.BadRequest, observationAtBundle.StatusCode);
        Assert.Equal(0, await StoredCount());
    }

    [Theory]
    [InlineData("GET", "/fhir/Patient/1", HttpStatusCode.NotFound)]
    [InlineData("PUT", "/fhir/Observation/1", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/fhir/Observation/1", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/fhir/metadata?_format=html", HttpStatusCode.NotAcceptable)]
    public async System.Threading.Tasks.Task Unsupported_interactions_answer_an_OperationOutcome(string method, string path, HttpStatusCode expected)
    {
        var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(OperationOutcome.IssueSeverity.Error, (await OutcomeAsync(response)).Issue[0].Severity);
    }

    [Fact]
    public async System.Threading.Tasks.Task Metadata_is_served_in_xml_when_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/metadata");
        request.Headers.Accept.ParseAdd("application/fhir+xml");
        var response = await Http.SendAsync(request);

        Assert.Equal("application/fhir+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<CapabilityStatement xmlns=\"http://hl7.org/fhir\">", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_laboratory_reads_back_its_versions_and_nobody_elses()
    {
        var observation = Observations.Hemogram(identifier: "versions-1", plateletsThousands: 95);
        var created = await Http.PostAsync("/fhir/Observation", Observations.Content(observation));
        observation.Status = ObservationStatus.Corrected;
        ((Quantity)observation.Component[0].Value!).Value = 240;
        var corrected = await Http.PostAsync("/fhir/Observation", Observations.Content(observation));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (created.StatusCode, corrected.StatusCode));
        var id = created.Headers.Location!.ToString().Split('/')[3];

        using var lab = Factory.CreateAnonymousClient();
        lab.DefaultRequestHeaders.Add("X-Api-Key", await Factory.LabKeyAsync());
        var current = Assert.IsType<Observation>(FhirBodies.Read(await lab.GetByteArrayAsync($"/fhir/Observation/{id}")));
        var first = Assert.IsType<Observation>(FhirBodies.Read(await lab.GetByteArrayAsync($"/fhir/Observation/{id}/_history/1")));
        var history = Assert.IsType<Bundle>(FhirBodies.Read(await lab.GetByteArrayAsync($"/fhir/Observation/{id}/_history")));
        Assert.Equal(("2", ObservationStatus.Amended), (current.Meta.VersionId, current.Status));
        Assert.Equal(95_000m, ((Quantity)first.Component.Single(c => c.Code.Coding[0].Code == "777-3").Value!).Value);
        Assert.Equal(["2", "1"], history.Entry.Select(e => e.Resource.Meta.VersionId));

        // Another laboratory, and a manager of another state, do not learn that it exists.
        var other = await Http.PostAsJsonAsync("/api/labs", new { name = "Outro laboratório" });
        using var otherLab = Factory.CreateAnonymousClient();
        otherLab.DefaultRequestHeaders.Add("X-Api-Key", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("key").GetString());
        using var saoPaulo = Factory.CreateAnonymousClient();
        saoPaulo.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Factory.TokenFor(Role.StateCoordinator, Jurisdiction.OfState(35), "gestor-sp"));
        foreach (var client in new[] { otherLab, saoPaulo })
        {
            var hidden = await client.GetAsync($"/fhir/Observation/{id}/_history/1");
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.Equal(OperationOutcome.IssueType.NotFound, (await OutcomeAsync(hidden)).Issue[0].Code);
        }
    }
}
