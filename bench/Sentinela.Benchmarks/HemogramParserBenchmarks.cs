using BenchmarkDotNet.Attributes;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sentinela.Server.Ingestion;

namespace Sentinela.Benchmarks;

/// <summary>
/// FHIR → <see cref="HemogramSubmission"/> for the simulator's CBC panel (8 components, contained Patient and lab), cycling
/// over 256 different observations. JSON deserialisation is measured beside it: the server pays both on every POST.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class HemogramParserBenchmarks
{
    const int Samples = 256;

    // Not what the server runs: the same deserializer without Firely's per-element attribute validation, to show its share.
    static readonly FhirJsonDeserializer Unvalidated =
        new(new DeserializerSettings { Validator = null }.UsingMode(DeserializationMode.Recoverable));

    HemogramParser _parser = null!;
    FhirParser _fhir = null!;
    Observation[] _observations = null!;
    byte[][] _json = null!;
    int _next;

    [GlobalSetup]
    public void Setup()
    {
        var workload = new Workload(streamSize: Samples);
        _parser = workload.Pipeline.Parser;
        _fhir = new FhirParser(Microsoft.Extensions.Options.Options.Create(ServerDefaults.Ingestion()));
        _observations = [.. workload.Stream.Select(s => s.Observation)];
        _json = [.. _observations.Select(FhirJson.SerializeToBytes)];
        Console.WriteLine($"// Observation JSON: {_json.Average(j => j.Length):0} bytes on average");
    }

    [Benchmark(Description = "Parse (Observation → submission)")]
    public SubmissionResult Parse() => _parser.Parse(_observations[_next++ % Samples], ReferenceResolver.ContainedOnly);

    [Benchmark(Description = "Deserialize JSON (bytes → Observation: bounds pre-pass, strict Firely)")]
    public Resource? DeserializeJson() => _fhir.Parse(_json[_next++ % Samples], Hl7.Fhir.Rest.ResourceFormat.Json).Resource;

    [Benchmark(Description = "Deserialize JSON, Validator = null (comparison only)")]
    public Resource? DeserializeJsonUnvalidated()
    {
        var reader = new Utf8JsonReader(_json[_next++ % Samples]);
        return Unvalidated.TryDeserializeResource(ref reader, out var resource, out _) ? resource : null;
    }

    [Benchmark(Description = "Deserialize JSON + Parse")]
    public SubmissionResult? DeserializeAndParse() =>
        _fhir.Parse(_json[_next++ % Samples], Hl7.Fhir.Rest.ResourceFormat.Json).Resource is Observation o ? _parser.Parse(o, ReferenceResolver.ContainedOnly) : null;
}
