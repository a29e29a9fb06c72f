using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Ingestion;

public sealed class BundleEndpointTests : ServerTest
{
    static Bundle BundleOf(Bundle.BundleType type, params Resource[] resources) => new()
    {
        Type = type,
        Entry = resources.Select(r => new Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{Guid.NewGuid()}",
            Resource = r,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = r.TypeName },
        }).ToList(),
    };

    async Task<(HttpStatusCode, Resource)> PostAsync(Bundle bundle)
    {
        var response = await Http.PostAsync("/fhir", Observations.Content(bundle));
        return (response.StatusCode, FhirBodies.Read(await response.Content.ReadAsByteArrayAsync())!);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_batch_stores_the_good_entries_and_reports_each_bad_one()
    {
        var bad = Observations.Hemogram();
        ((Patient)bad.Contained[0]).Address.Clear();
        var duplicate = Observations.Hemogram(identifier: "dup");

        var (status, body) = await PostAsync(BundleOf(Bundle.BundleType.Batch, Observations.Hemogram(), bad, duplicate, duplicate));

        Assert.Equal(HttpStatusCode.OK, status);
        var reply = Assert.IsType<Bundle>(body);
        Assert.Equal(Bundle.BundleType.BatchResponse, reply.Type);
        Assert.Equal(["201 Created", "422 Unprocessable Entity", "201 Created", "200 OK"], reply.Entry.Select(e => e.Response.Status));
        Assert.Contains("No location", reply.Entry[1].Response.Outcome is OperationOutcome o ? o.Issue[0].Diagnostics : "");
        Assert.Equal(reply.Entry[2].Response.Location, reply.Entry[3].Response.Location);
        Assert.Equal(2, await StoredCount());
    }

    static Observation BodyMassIndex() => new()
    {
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "39156-5", "Body mass index"),
        Effective = new FhirDateTime(DateTimeOffset.UtcNow.AddHours(-1)),
        Value = new Quantity(24.1m, "kg/m2"),
    };

    [Fact]
    public async System.Threading.Tasks.Task Other_results_beside_a_blood_count_are_left_out_and_a_bundle_of_nothing_else_is_refused()
    {
        var (status, body) = await PostAsync(BundleOf(Bundle.BundleType.Transaction, Observations.Hemogram(), BodyMassIndex()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["201 Created", "200 OK"], ((Bundle)body).Entry.Select(e => e.Response.Status));
        Assert.Contains("left out", ((Bundle)body).Entry[1].Response.Outcome is OperationOutcome o ? o.Issue[0].Diagnostics : "");

        var (alone, refusal) = await PostAsync(BundleOf(Bundle.BundleType.Batch, BodyMassIndex()));
        Assert.Equal(HttpStatusCode.OK, alone);
        Assert.StartsWith("422", ((Bundle)refusal).Entry[0].Response.Status);
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_transaction_with_one_bad_entry_stores_nothing()
    {
        var bad = Observations.Hemogram();
        bad.Component.Clear();

        var (status, body) = await PostAsync(BundleOf(Bundle.BundleType.Transaction, Observations.Hemogram(), bad));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var outcome = Assert.IsType<OperationOutcome>(body);
        Assert.Contains(outcome.Issue, i => i.Diagnostics.StartsWith("entry[1]:"));
        Assert.Equal(0, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_transaction_of_a_CBC_panel_with_member_entries_and_a_patient_entry_is_one_hemogram()
    {
        var patient = new Patient { Gender = AdministrativeGender.Male, Address = [((Patient)Observations.Hemogram().Contained[0]).Address[0]] };
        var leukocytes = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "6690-2"), Value = new Quantity(15.2m, "10*3/uL") };
        var platelets = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "777-3"), Value = new Quantity(210m, "10*3/uL") };
        var bundle = BundleOf(Bundle.BundleType.Transaction, patient, leukocytes, platelets);
        var panel = new Observation
        {
            Identifier = [new Identifier("urn:test", "panel-1")],
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "58410-2"),
            Subject = new ResourceReference(bundle.Entry[0].FullUrl),
            Effective = new FhirDateTime(DateTimeOffset.UtcNow.AddHours(-1)),
            HasMember = [new ResourceReference(bundle.Entry[1].FullUrl), new ResourceReference(bundle.Entry[2].FullUrl)],
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = panel, Request = new() { Method = Bundle.HTTPVerb.POST, Url = "Observation" } });

        var (status, body) = await PostAsync(bundle);

        Assert.Equal(HttpStatusCode.OK, status);
        var reply = Assert.IsType<Bundle>(body);
        Assert.Equal(Bundle.BundleType.TransactionResponse, reply.Type);
        // The members are answered with the hemogram they are part of.
        Assert.Equal(["200 OK", "201 Created", "201 Created", "201 Created"], reply.Entry.Select(e => e.Response.Status));
        Assert.Single(reply.Entry.Skip(1).Select(e => e.Response.Location).Distinct());
        Assert.Equal(1, await StoredCount());
        var stored = await Http.GetAsync("/fhir/" + reply.Entry[3].Response.Location);
        var observation = Assert.IsType<Observation>(FhirBodies.Read(await stored.Content.ReadAsByteArrayAsync()));
        Assert.Equal(2, observation.Component.Count);
    }

    async Task<HttpResponseMessage> PostPreferringAsync(string path, Bundle bundle, string? prefer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Observations.Content(bundle) };
        if (prefer is not null) request.Headers.Add("Prefer", prefer);
        return await Http.SendAsync(request);
    }

    static async Task<Resource?> BodyOf(HttpResponseMessage response) =>
        await response.Content.ReadAsByteArrayAsync() is { Length: > 0 } bytes ? FhirBodies.Read(bytes) : null;

    [Fact]
    public async System.Threading.Tasks.Task Prefer_return_gives_each_stored_batch_entry_its_Observation_or_its_findings()
    {
        var low = Observations.Hemogram(identifier: "prefer-batch", plateletsThousands: 80);

        var plain = Assert.Single(((Bundle)(await BodyOf(await PostPreferringAsync("/fhir", BundleOf(Bundle.BundleType.Batch, Observations.Hemogram()), null)))!).Entry);
        Assert.Null(plain.Resource);

        var created = Assert.Single(((Bundle)(await BodyOf(await PostPreferringAsync("/fhir", BundleOf(Bundle.BundleType.Batch, low), "return=representation")))!).Entry);
        Assert.Equal("201 Created", created.Response.Status);
        var stored = Assert.IsType<Observation>(created.Resource);
        Assert.Equal(created.Response.Location, $"Observation/{stored.Id}/_history/{stored.Meta.VersionId}");
        Assert.DoesNotContain(stored.Contained.OfType<Patient>(), p => p.Name.Count > 0 || p.Identifier.Count > 0);

        var again = Assert.Single(((Bundle)(await BodyOf(await PostPreferringAsync("/fhir", BundleOf(Bundle.BundleType.Transaction, low), "return=OperationOutcome")))!).Entry);
        Assert.Equal("200 OK", again.Response.Status);
        Assert.Null(again.Resource);
        Assert.Contains("platelets-low", Assert.IsType<OperationOutcome>(again.Response.Outcome).Issue[0].Diagnostics);
        Assert.Equal(2, await StoredCount());
    }

    static Bundle CollectionOf(params Resource[] resources) => new()
    {
        Type = Bundle.BundleType.Collection,
        Entry = resources.Select(r => new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = r }).ToList(),
    };

    [Fact]
    public async System.Threading.Tasks.Task Prefer_return_shapes_the_answer_to_a_collection_at_the_Bundle_endpoint()
    {
        var summary = await PostPreferringAsync("/fhir/Bundle", CollectionOf(Observations.Hemogram(identifier: "collection-1")), null);
        Assert.Equal(HttpStatusCode.Created, summary.StatusCode);
        Assert.IsType<OperationOutcome>(await BodyOf(summary));

        var minimal = await PostPreferringAsync("/fhir/Bundle", CollectionOf(Observations.Hemogram(identifier: "collection-2")), "return=minimal");
        Assert.Equal(HttpStatusCode.Created, minimal.StatusCode);
        Assert.Null(await BodyOf(minimal));
        Assert.StartsWith("/fhir/Observation/", minimal.Headers.Location?.OriginalString);

        var twoResults = CollectionOf(Observations.Hemogram(identifier: "collection-3"), Observations.Hemogram(identifier: "collection-4", plateletsThousands: 80));
        var representation = await PostPreferringAsync("/fhir/Bundle", twoResults, "return=representation");
        Assert.Equal(HttpStatusCode.Created, representation.StatusCode);
        var collection = Assert.IsType<Bundle>(await BodyOf(representation));
        Assert.Equal(Bundle.BundleType.Collection, collection.Type);
        var observations = collection.Entry.Select(e => Assert.IsType<Observation>(e.Resource)).ToList();
        Assert.Equal(2, observations.Count);
        Assert.Equal($"/fhir/Observation/{observations[0].Id}/_history/1", representation.Headers.Location?.OriginalString);
        Assert.Equal(4, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task Other_bundle_types_and_resources_are_refused()
    {
        var (status, _) = await PostAsync(BundleOf(Bundle.BundleType.Collection, Observations.Hemogram()));
        Assert.Equal(HttpStatusCode.BadRequest, status);

        var (observationStatus, _) = await PostAsync(new Bundle { Type = Bundle.BundleType.Batch });
        Assert.Equal(HttpStatusCode.OK, observationStatus);

        var response = await Http.PostAsync("/fhir", Observations.Content(Observations.Hemogram()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var (medicationStatus, medicationBody) = await PostAsync(BundleOf(Bundle.BundleType.Batch, new Medication { Code = new CodeableConcept("http://snomed.info/sct", "387517004") }));
        Assert.Equal(HttpStatusCode.OK, medicationStatus);
        Assert.Equal("422 Unprocessable Entity", Assert.IsType<Bundle>(medicationBody).Entry[0].Response.Status);
        Assert.Equal(0, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task Firely_FhirClient_creates_observations_and_posts_a_transaction()
    {
        var client = new FhirClient(Http.BaseAddress!.ToString() + "fhir", Http, new FhirClientSettings { PreferredFormat = ResourceFormat.Json });

        var capability = await client.CapabilityStatementAsync();
        var created = await client.CreateAsync(Observations.Hemogram(plateletsThousands: 100));
        var transaction = await client.TransactionAsync(BundleOf(Bundle.BundleType.Transaction, Observations.Hemogram(), Observations.Hemogram()));

        Assert.Equal(FHIRVersion.N4_0_1, capability!.FhirVersion);
        Assert.NotNull(created!.Id);
        Assert.Equal("L", created.Component.Single(c => c.Code.Coding[0].Code == "777-3").Interpretation[0].Coding[0].Code);
        Assert.All(transaction!.Entry, e => Assert.Equal("201 Created", e.Response.Status));
        Assert.Equal(3, await StoredCount());
        var read = await client.ReadAsync<Observation>($"Observation/{created.Id}");
        Assert.Equal(created.Id, read!.Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_oversized_bundle_gets_413_and_loses_nothing_already_accepted()
    {
        await PostAsync(BundleOf(Bundle.BundleType.Batch, Observations.Hemogram()));
        var huge = Observations.Hemogram();
        huge.Note = [new Annotation { Text = new string('x', 1_100_000) }];

        var (status, body) = await PostAsync(BundleOf(Bundle.BundleType.Batch, huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(OperationOutcome.IssueType.TooLong, Assert.IsType<OperationOutcome>(body).Issue[0].Code);
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_bundle_over_the_entry_limit_gets_413_and_stores_nothing()
    {
        var limited = new SentinelaFactory(new() { ["Sentinela:Ingestion:MaxBundleEntries"] = "3" });
        try
        {
            var response = await limited.CreateClient().PostAsync("/fhir", Observations.Content(
                BundleOf(Bundle.BundleType.Batch, Enumerable.Range(0, 4).Select(_ => (Resource)Observations.Hemogram()).ToArray())));

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal(0, await limited.Services.GetRequiredService<IHemogramStore>().CountAsync(default));
        }
        finally
        {
            await limited.DisposeAndDeleteAsync();
        }
    }
}
