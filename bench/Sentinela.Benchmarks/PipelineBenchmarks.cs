using BenchmarkDotNet.Attributes;
using Sentinela.Server.Analysis.Counting;

namespace Sentinela.Benchmarks;

/// <summary>
/// The whole pure path per hemogram — parse, individual analysis, de-identified hemogram (with the keyed source hash) and
/// its share of collective analysis (the count change folded into a batch's counter deltas) — over the simulator's
/// stream as it comes. JSON deserialisation and storage are not included; outbreak decisions run on a timer, not here.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class PipelineBenchmarks
{
    const int Run = 2_048;

    Workload _workload = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new Workload(streamSize: Run);
        Console.WriteLine($"// Stream: {_workload.Stream.Count(s => s.Abnormal)} of {Run} abnormal");
    }

    [Benchmark(OperationsPerInvoke = Run, Description = "Parse + individual + count change (stream mix)")]
    public int ParseAnalyzeCount()
    {
        var deltas = new CountDeltas();
        foreach (var item in _workload.Stream) _workload.Pipeline.Process(item.Observation, deltas, item.Hemogram.ReceivedAt);
        return deltas.Days.Count;
    }

    [Benchmark(OperationsPerInvoke = Run, Description = "Count change alone (per-hemogram collective analysis)")]
    public int CountOnly()
    {
        var deltas = new CountDeltas();
        foreach (var item in _workload.Stream) deltas.Add(CountChange.Of(item.Hemogram));
        return deltas.Days.Count;
    }
}
