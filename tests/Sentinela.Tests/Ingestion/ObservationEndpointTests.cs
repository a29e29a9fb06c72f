using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Sentinela.Tests.Ingestion;

public sealed class ObservationEndpointTests : ServerTest
{
    static async Task<OperationOutcome> OutcomeOf(HttpResponseMessage response)
    {
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        return Assert.IsType<OperationOutcome>(FhirBodies.Read(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_valid_hemogram_is_stored_deidentified_with_its_findings()
    {
        var response = await Http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram(plateletsThousands: 95)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("/fhir/Observation/", response.Headers.Location!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Maria", body);
        Assert.DoesNotContain("52998224725", body);
        Assert.DoesNotContain("Rua das Flores", body);
        var stored = Assert.IsType<Observation>(FhirBodies.Read(Encoding.UTF8.GetBytes(body)));
        var platelets = stored.Component.Single(c => c.Code.Coding[0].Code == "777-3");
        Assert.Equal(95_000m, ((Quantity)platelets.Value!).Value);
        Assert.Equal("L", platelets.Interpretation.Single().Coding[0].Code);

        var readBack = await Http.GetAsync(response.Headers.Location!.ToString().Replace("/_history/1", ""));
        Assert.Equal(HttpStatusCode.OK, readBack.StatusCode);
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task Resubmitting_the_same_observation_is_stored_and_counted_once()
    {
        var observation = Observations.Hemogram(identifier: "same-1", plateletsThousands: 95);
        var first = await Http.PostAsync("/fhir/Observation", Observations.Content(observation));
        var second = await Http.PostAsync("/fhir/Observation", Observations.Content(observation));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await StoredCount());
        // The answer to a resubmission is the stored hemogram, findings included.
        var stored = Assert.IsType<Observation>(FhirBodies.Read(await second.Content.ReadAsByteArrayAsync()));
        Assert.Equal("L", stored.Component.Single(c => c.Code.Coding[0].Code == "777-3").Interpretation.Single().Coding[0].Code);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_same_identifier_from_another_lab_is_another_hemogram()
    {
        await Http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram(identifier: "x", lab: "1111111")));
        var other = await Http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram(identifier: "x", lab: "2222222")));

        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(2, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task Concurrent_duplicates_store_one_hemogram()
    {
        var json = Observations.Json(Observations.Hemogram(identifier: "race"));
        var responses = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Http.PostAsync("/fhir/Observation", Observations.Content(json))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        Assert.Equal(1, await StoredCount());
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"resourceType\": \"Observation\", \"status\": ")]
    [InlineData("{\"resourceType\": \"NoSuchThing\"}")]
    [InlineData("[1, 2, 3]")]
    public async System.Threading.Tasks.Task Malformed_bodies_get_400_with_an_OperationOutcome(string body)
    {
        var response = await Http.PostAsync("/fhir/Observation", Observations.Content(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.All((await OutcomeOf(response)).Issue, issue =>
        {
            Assert.Equal(OperationOutcome.IssueSeverity.Error, issue.Severity);
            Assert.False(string.IsNullOrWhiteSpace(issue.Diagnostics));
        });
        Assert.Equal(0, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task An_empty_body_gets_400()
    {
        var response = await Http.PostAsync("/fhir/Observation", Observations.Content(""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("empty", (await OutcomeOf(response)).Issue[0].Diagnostics);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_resource_other_than_Observation_gets_400()
    {
        var response = await Http.PostAsync("/fhir/Observation", Observations.Content(new Patient { Gender = AdministrativeGender.Male }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Expected an Observation, got Patient", (await OutcomeOf(response)).Issue[0].Diagnostics);
    }

    public static TheoryData<string, Action<Observation>, string> Defects => new()
    {
        { "no recognised codes", o => o.Component.ForEach(c => c.Code = new CodeableConcept("http://loinc.org", "2345-7")), "No hemogram values" },
        { "no value", o => o.Component[0].Value = null, "has no valueQuantity" },
        { "unknown unit", o => ((Quantity)o.Component[0].Value!).Code = ((Quantity)o.Component[0].Value!).Unit = "mg/dL", "Unit 'mg/dL' is not accepted for platelets" },
        { "no unit", o => ((Quantity)o.Component[1].Value!).Code = ((Quantity)o.Component[1].Value!).Unit = null, "has no unit" },
        { "implausible value", o => ((Quantity)o.Component[1].Value!).Value = 400, "not a plausible value" },
        { "no location", o => ((Patient)o.Contained[0]).Address.Clear(), "No location" },
        { "unknown municipality", o => ((Patient)o.Contained[0]).Address[0].Extension[0].Value = new CodeableConcept("x", "3199999"), "3199999 is not in the municipality table" },
        { "no time", o => o.Effective = null, "effectiveDateTime" },
        { "future time", o => o.Effective = new FhirDateTime(DateTimeOffset.UtcNow.AddDays(2)), "in the future" },
        { "registered, not a result", o => o.Status = ObservationStatus.Registered, "not a reportable result" },
    };

    [Fact]
    public async System.Threading.Tasks.Task An_observation_without_status_is_refused_at_its_status()
    {
        var observation = Observations.Hemogram();
        observation.Status = null;

        var response = await Http.PostAsync("/fhir/Observation", Observations.Content(observation));

        // status is 1..1 in R4: the strict deserialiser refuses it before Sentinela reads the values.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await OutcomeOf(response)).Issue, i => i.Expression.Contains("Observation.status"));
        Assert.Equal(0, await StoredCount());
    }

    [Theory]
    [MemberData(nameof(Defects))]
    public async System.Threading.Tasks.Task Unusable_hemograms_get_422_saying_what_is_wrong(string defect, Action<Observation> spoil, string expected)
    {
        var observation = Observations.Hemogram();
        spoil(observation);

        var response = await Http.PostAsync("/fhir/Observation", Observations.Content(observation));

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, defect);
        Assert.Contains((await OutcomeOf(response)).Issue, i => i.Diagnostics?.Contains(expected) == true);
        Assert.Equal(0, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_body_over_one_megabyte_gets_413_and_loses_nothing_already_accepted()
    {
        await Http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram()));
        var huge = Observations.Hemogram();
        huge.Note = [new Annotation { Text = new string('x', 1_100_000) }];

        var response = await Http.PostAsync("/fhir/Observation", Observations.Content(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(OperationOutcome.IssueType.TooLong, (await OutcomeOf(response)).Issue[0].Code);
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task An_unsupported_content_type_gets_415()
    {
        var response = await Http.PostAsync("/fhir/Observation", new StringContent("a,b,c", Encoding.UTF8, new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task XML_is_accepted_and_units_are_normalised()
    {
        var observation = Observations.Hemogram();
        observation.Component = [Observations.Component("718-7", 95, "g/L"), Observations.Component("777-3", 180_000, "/uL")];
        var xml = new Hl7.Fhir.Serialization.BaseFhirXmlSerializer(ModelInfo.ModelInspector).SerializeToString(observation);

        var response = await Http.PostAsync("/fhir/Observation", new StringContent(xml, Encoding.UTF8, new System.Net.Http.Headers.MediaTypeHeaderValue("application/fhir+xml")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = Assert.IsType<Observation>(FhirBodies.Read(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(9.5m, ((Quantity)stored.Component.Single(c => c.Code.Coding[0].Code == "718-7").Value!).Value);
        Assert.Equal("L", stored.Component.Single(c => c.Code.Coding[0].Code == "718-7").Interpretation[0].Coding[0].Code);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_CBC_panel_with_contained_members_is_one_hemogram()
    {
        var panel = Observations.Hemogram();
        panel.Component.Clear();
        foreach (var (id, loinc, value, unit) in new[] { ("m1", "6690-2", 13.5, "10*3/uL"), ("m2", "777-3", 300.0, "10*3/uL") })
        {
            panel.Contained.Add(new Observation
            {
                Id = id,
                Status = ObservationStatus.Final,
                Code = new CodeableConcept("http://loinc.org", loinc),
                Value = new Quantity((decimal)value, unit) { Unit = unit },
            });
            panel.HasMember.Add(new ResourceReference("#" + id));
        }

        var response = await Http.PostAsync("/fhir/Observation", Observations.Content(panel));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = Assert.IsType<Observation>(FhirBodies.Read(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(2, stored.Component.Count);
        Assert.Equal("H", stored.Component.Single(c => c.Code.Coding[0].Code == "6690-2").Interpretation[0].Coding[0].Code);
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task Prefer_return_OperationOutcome_reports_the_findings()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation") { Content = Observations.Content(Observations.Hemogram(plateletsThousands: 80)) };
        request.Headers.Add("Prefer", "return=OperationOutcome");

        var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("platelets-low", (await OutcomeOf(response)).Issue[0].Diagnostics);
    }

    [Fact]
    public async System.Threading.Tasks.Task Metadata_is_a_CapabilityStatement()
    {
        var response = await Http.GetAsync("/fhir/metadata");
        var statement = Assert.IsType<CapabilityStatement>(FhirBodies.Read(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
        Assert.Contains(statement.Rest[0].Resource, r => r.Type == "Observation");
    }

    [Fact]
    public async System.Threading.Tasks.Task Unknown_observation_is_404_OperationOutcome()
    {
        var response = await Http.GetAsync($"/fhir/Observation/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(OperationOutcome.IssueType.NotFound, (await OutcomeOf(response)).Issue[0].Code);
    }
}
