using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
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

    HemogramParser _parser = null!;
    Observation[] _observations = null!;
    byte[][] _json = null!;
    int _next;

    [GlobalSetup]
    public void Setup()
    {
        var workload = new Workload(indexSize: 0, streamSize: Samples);
        _parser = workload.Pipeline.Parser;
        _observations = [.. workload.Stream.Select(s => s.Observation)];
        _json = [.. _observations.Select(FhirJson.SerializeToBytes)];
        Console.WriteLine($"// Observation JSON: {_json.Average(j => j.Length):0} bytes on average");
    }

    [Benchmark(Description = "Parse (Observation → submission)")]
    public ParseResult Parse() => _parser.Parse(_observations[_next++ % Samples], ContainedResolver.ContainedOnly);

    [Benchmark(Description = "Deserialize JSON (bytes → Observation)")]
    public Resource? DeserializeJson() => FhirJson.TryDeserialize(_json[_next++ % Samples], out _);

    [Benchmark(Description = "Deserialize JSON + Parse")]
    public ParseResult? DeserializeAndParse() =>
        FhirJson.TryDeserialize(_json[_next++ % Samples], out _) is Observation o ? _parser.Parse(o, ContainedResolver.ContainedOnly) : null;
}
