using Hl7.Fhir.Model;
using Sentinela.Server.Ingestion;

namespace Sentinela.Tests.Unit;

public sealed class ReferenceResolverTests
{
    static readonly Patient Contained = new() { Id = "p" };

    static Observation Observation() => new() { Contained = [Contained] };

    [Fact]
    public void Hash_reference_resolves_to_the_contained_resource()
    {
        Assert.Same(Contained, ReferenceResolver.ContainedOnly.Resolve(Observation(), new ResourceReference("#p")));
    }

    [Theory]
    [InlineData("#q")]
    [InlineData("Patient/p")]
    [InlineData("")]
    public void Reference_that_is_not_contained_resolves_to_nothing_without_a_bundle(string reference)
    {
        Assert.Null(ReferenceResolver.ContainedOnly.Resolve(Observation(), new ResourceReference(reference)));
    }

    [Fact]
    public void Missing_reference_resolves_to_nothing()
    {
        Assert.Null(ReferenceResolver.ContainedOnly.Resolve(Observation(), null));
    }

    [Fact]
    public void Bundle_entries_resolve_by_full_url_and_by_type_and_id()
    {
        var patient = new Patient { Id = "42" };
        var org = new Organization { Id = "lab" };
        var bundle = new Bundle
        {
            Entry =
            [
                new Bundle.EntryComponent { FullUrl = "urn:uuid:6b3a7c1e-0000-4000-8000-000000000001", Resource = patient },
                new Bundle.EntryComponent { FullUrl = "https://lab.example/fhir/Organization/lab", Resource = org },
                new Bundle.EntryComponent { FullUrl = "urn:uuid:empty" },
            ],
        };
        var resolver = ReferenceResolver.ForBundle(bundle.Entry);

        Assert.Same(patient, resolver.Resolve(Observation(), new ResourceReference("urn:uuid:6b3a7c1e-0000-4000-8000-000000000001")));
        Assert.Same(patient, resolver.Resolve(Observation(), new ResourceReference("Patient/42")));
        Assert.Same(org, resolver.Resolve(Observation(), new ResourceReference("https://lab.example/fhir/Organization/lab")));
        Assert.Same(org, resolver.Resolve(Observation(), new ResourceReference("Organization/lab")));
        Assert.Null(resolver.Resolve(Observation(), new ResourceReference("Patient/43")));
        Assert.Null(resolver.Resolve(Observation(), new ResourceReference("urn:uuid:empty")));
    }

    [Fact]
    public void Contained_resources_still_win_inside_a_bundle()
    {
        var bundle = new Bundle { Entry = [new Bundle.EntryComponent { FullUrl = "#p", Resource = new Patient { Id = "other" } }] };

        Assert.Same(Contained, ReferenceResolver.ForBundle(bundle.Entry).Resolve(Observation(), new ResourceReference("#p")));
    }
}
