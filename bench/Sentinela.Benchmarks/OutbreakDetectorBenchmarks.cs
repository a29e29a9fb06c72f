using BenchmarkDotNet.Attributes;
using Sentinela.Server.Analysis.Collective;

namespace Sentinela.Benchmarks;

/// <summary>
/// <see cref="OutbreakDetector.Observe"/> per hemogram on a detector that already indexes <see cref="IndexSize"/> Minas Gerais
/// hemograms of the last 72 h. Observing changes the detector, so every iteration starts from a freshly loaded one and
/// observes a run of distinct, ever newer hemograms: normal ones only index; abnormal ones also run the radius query,
/// the binomial tests and the municipality and state windows for each of their conditions.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[InvocationCount(1, 1)]
public class OutbreakDetectorBenchmarks
{
    const int NormalRun = 8_192, AbnormalRun = 256;

    Workload _workload = null!;
    OutbreakDetector _detector = null!;
    Workload.Item[] _normal = null!, _abnormal = null!;
    long _changes;

    [Params(50_000, 200_000)]
    public int IndexSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new Workload(IndexSize, streamSize: 12_000);
        _normal = [.. _workload.Stream.Where(s => !s.Abnormal).Take(NormalRun)];
        _abnormal = [.. _workload.Stream.Where(s => s.Abnormal).Take(AbnormalRun)];
        if (_normal.Length < NormalRun || _abnormal.Length < AbnormalRun) throw new InvalidOperationException("The stream is too short for the runs.");
        foreach (var line in _workload.Describe()) Console.WriteLine("// " + line);
    }

    [IterationSetup]
    public void LoadIndex() => _detector = _workload.NewDetector();

    [Benchmark(Baseline = true, OperationsPerInvoke = NormalRun, Description = "Observe normal hemogram")]
    public long ObserveNormal() => ObserveAll(_normal);

    [Benchmark(OperationsPerInvoke = AbnormalRun, Description = "Observe abnormal hemogram")]
    public long ObserveAbnormal() => ObserveAll(_abnormal);

    // Alerts raised or updated would make later observations costlier; the count shows whether that happened.
    [GlobalCleanup]
    public void Report() => Console.WriteLine($"// Alert changes decided during the run: {_changes}");

    long ObserveAll(Workload.Item[] run)
    {
        long changes = 0;
        foreach (var item in run) changes += _detector.Observe(item.Indexed, item.Hemogram.ReceivedAt).Count;
        _changes += changes;
        return changes;
    }
}
