using BenchmarkDotNet.Attributes;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Ingestion;

namespace Sentinela.Benchmarks;

/// <summary>Grading the eight measurements of a CBC against the shipped reference ranges: a normal one and one with findings.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class IndividualAnalyzerBenchmarks
{
    IndividualAnalyzer _analyzer = null!;
    HemogramSubmission _normal = null!, _abnormal = null!;

    [GlobalSetup]
    public void Setup()
    {
        var workload = new Workload(streamSize: 1_000);
        _analyzer = workload.Pipeline.Analyzer;
        _normal = workload.Stream.First(s => !s.Abnormal).Submission;
        // Two findings: the commonest shape of an abnormal CBC in the simulator's traffic (1.4 conditions on average).
        _abnormal = workload.Stream.First(s => s.Hemogram.Findings.Count == 2).Submission;
    }

    [Benchmark(Baseline = true, Description = "Analyze normal CBC")]
    public IReadOnlyList<Finding> Normal() => _analyzer.Analyze(_normal.Measurements, _normal.Sex, _normal.AgeYears);

    [Benchmark(Description = "Analyze abnormal CBC (2 findings)")]
    public IReadOnlyList<Finding> Abnormal() => _analyzer.Analyze(_abnormal.Measurements, _abnormal.Sex, _abnormal.AgeYears);
}
