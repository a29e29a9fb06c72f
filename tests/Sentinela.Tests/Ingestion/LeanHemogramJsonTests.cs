extern alias simulator;
using System.Text;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Options;
using Sentinela.Server.Ingestion;
using Sentinela.Tests.Fuzz;
using Sentinela.Tests.Infrastructure;
using Xunit.Abstractions;
using Gen = simulator::Sentinela.Simulator.Generation;

namespace Sentinela.Tests.Ingestion;

/// <summary>
/// Conformance of the lean hemogram reader (Ingestion/LeanHemogramJson.cs) with Firely's deserialiser: every body gets the
/// same answer with the lean reader as without it, and whatever the lean reader reads, Firely reads without an issue into
/// the same resource.
/// </summary>
public sealed class LeanHemogramJsonTests(ITestOutputHelper output)
{
    static readonly IngestionOptions Defaults = new();
    static readonly FhirParser WithLean = new(Options.Create(new IngestionOptions { LeanJsonReader = true }));
    static readonly FhirParser FirelyOnly = new(Options.Create(new IngestionOptions { LeanJsonReader = false }));

    /// <summary>Asserts both parsers agree on the body; true when the lean reader read it.</summary>
    static bool Agree(byte[] body, string what)
    {
        var firely = FirelyOnly.Parse(body, ResourceFormat.Json);
        var lean = WithLean.Parse(body, ResourceFormat.Json);
        Assert.True(Describe(firely) == Describe(lean), $"{what}\nFirely: {Describe(firely)}\nlean:   {Describe(lean)}");

        var withoutBom = body.AsSpan().StartsWith("\uFEFF"u8) ? body.AsSpan(3) : body;
        if (LeanHemogramJson.TryRead(withoutBom, Defaults.MaxDepth, Defaults.MaxElements) is not { } read) return false;
        Assert.True(firely.Resource is not null && firely.EntryIssues.Count == 0, $"{what}: read by the lean reader, refused by Firely: {Describe(firely)}");
        Assert.Equal(FhirJson.Serialize(firely.Resource!), FhirJson.Serialize(read));
        return true;
    }

    static string Describe(FhirParseResult result) =>
        $"{result.Status} {(result.Resource is { } r ? FhirJson.Serialize(r) : "-")} issues [{string.Join("; ", result.Issues)}] entries ["
        + string.Join("; ", result.EntryIssues.OrderBy(e => e.Key).Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) + "]";

    [Fact]
    public void The_simulator_hemograms_and_their_batches_take_the_lean_path_into_the_same_resources()
    {
        var generator = new Gen.HemogramGenerator(SimulatedTraffic.MinasGeraisMunicipalities, 15);
        var hemograms = Enumerable.Range(0, 200).Select(i => generator.Next(TimeSpan.FromMinutes(i), DateTimeOffset.UtcNow.AddMinutes(-i))).ToList();

        foreach (var h in hemograms)
            Assert.True(Agree(Encoding.UTF8.GetBytes(FhirJson.Serialize(h.Observation)), h.Identifier), $"{h.Identifier} was not read by the lean reader");
        Assert.True(Agree(Encoding.UTF8.GetBytes(FhirJson.Serialize(Gen.HemogramObservation.Batch(hemograms.Take(100)))), "batch of 100"));
    }

    [Fact]
    public void Mutations_of_bodies_the_lean_reader_takes_get_the_same_answer_both_ways()
    {
        // The fuzz corpus mutates many kinds of body; these all start from the shapes read here, so each mutation probes its edges.
        var generator = new Gen.HemogramGenerator(SimulatedTraffic.MinasGeraisMunicipalities, 16);
        var random = new Random(16);
        var mutator = new JsonMutator(random);
        var lean = 0;
        for (var i = 0; i < 1200; i++)
        {
            var hemograms = Enumerable.Range(0, 1 + i % 3).Select(k => generator.Next(TimeSpan.FromMinutes(i), DateTimeOffset.UtcNow.AddMinutes(-i - k))).ToList();
            var json = i % 2 == 0 ? FhirJson.Serialize(hemograms[0].Observation) : FhirJson.Serialize(Gen.HemogramObservation.Batch(hemograms));
            var (body, how) = mutator.Mutate(json);
            if (Agree(body, $"mutant {i}: {how}")) lean++;
        }
        output.WriteLine($"{lean} of 1200 mutants read by the lean reader");
        Assert.True(lean > 0, "no mutant took the lean path, so the comparison says nothing about it");
    }

    [Fact]
    public void A_body_over_the_element_limit_is_refused_as_too_large_with_the_lean_reader_too()
    {
        var generator = new Gen.HemogramGenerator(SimulatedTraffic.MinasGeraisMunicipalities, 17);
        var batch = Encoding.UTF8.GetBytes(FhirJson.Serialize(Gen.HemogramObservation.Batch(
            Enumerable.Range(0, 20).Select(i => generator.Next(TimeSpan.FromMinutes(i), DateTimeOffset.UtcNow.AddMinutes(-i))))));
        var small = new IngestionOptions { MaxElements = 1000 };

        var parsed = new FhirParser(Options.Create(small)).Parse(batch, ResourceFormat.Json);

        Assert.Equal(413, parsed.Status);
        Assert.Null(LeanHemogramJson.TryRead(batch, small.MaxDepth, small.MaxElements));
        Assert.NotNull(LeanHemogramJson.TryRead(batch, Defaults.MaxDepth, Defaults.MaxElements));
    }

    [Fact]
    public void Every_corpus_payload_gets_the_same_answer_with_the_lean_reader_as_with_Firely()
    {
        var steps = IngestionCorpus.Load().Steps.Where(s => !s.IsXml).DistinctBy(s => s.File).ToList();
        var lean = steps.Count(step => Agree(File.ReadAllBytes(step.Path), step.File));
        output.WriteLine($"{lean} of {steps.Count} JSON corpus payloads read by the lean reader");
    }

    [Fact]
    public void Every_fuzz_body_gets_the_same_answer_with_the_lean_reader_as_with_Firely()
    {
        var settings = FuzzSettings.FromEnvironment();
        var corpus = new FhirCorpus(settings.Seed);
        // Hostile bodies cost Firely up to tens of milliseconds each, twice over: a sample of the campaign's requests.
        var bodies = Enumerable.Range(0, Math.Min(settings.Count, 1500)).Select(corpus.Request)
            .Concat(Enumerable.Range(0, 100).Select(n => corpus.Canary(n).Request))
            .Where(r => r.Body is not null && r.ContentType?.Contains("json", StringComparison.Ordinal) == true)
            .ToList();
        var lean = bodies.Count(r => Agree(r.Body!, r.Description));
        output.WriteLine($"{lean} of {bodies.Count} JSON fuzz bodies read by the lean reader");
        Assert.True(lean > 0, "no fuzz body took the lean path, so the comparison says nothing about it");
    }
}
