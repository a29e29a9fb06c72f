using BenchmarkDotNet.Attributes;
using Sentinela.Server.Analysis.Collective;

namespace Sentinela.Benchmarks;

/// <summary>
/// The whole pure path per hemogram — parse, individual analysis, de-identified hemogram (with the keyed source hash),
/// collective analysis — over the simulator's stream as it comes (about one in six abnormal), on a detector indexing
/// 50,000 Minas Gerais hemograms of the last 72 h. JSON deserialisation and SQLite are not included.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[InvocationCount(1, 1)]
public class PipelineBenchmarks
{
    const int Run = 2_048;

    Workload _workload = null!;
    OutbreakDetector _detector = null!;
    long _changes;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new Workload(indexSize: 50_000, streamSize: Run);
        Console.WriteLine($"// Stream: {_workload.Stream.Count(s => s.Abnormal)} of {Run} abnormal");
    }

    [IterationSetup]
    public void LoadIndex() => _detector = _workload.NewDetector();

    [Benchmark(OperationsPerInvoke = Run, Description = "Parse + individual + collective (stream mix)")]
    public long ParseAnalyzeObserve()
    {
        long changes = 0;
        foreach (var item in _workload.Stream)
            changes += _workload.Pipeline.Process(item.Observation, _detector, item.Hemogram.ReceivedAt);
        _changes += changes;
        return changes;
    }

    [GlobalCleanup]
    public void Report() => Console.WriteLine($"// Alert changes decided during the run: {_changes}");
}
