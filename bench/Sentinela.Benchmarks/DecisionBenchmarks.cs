using BenchmarkDotNet.Attributes;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Scan;

namespace Sentinela.Benchmarks;

/// <summary>
/// One outbreak decision for the whole country (every municipality of the table reporting, see <see cref="NationalCounts"/>):
/// fitting the baselines (once a day), the space–time scan with its null calibration cached (every scan) and the Monte
/// Carlo calibration itself (every CalibrationInterval), with the server's shipped settings.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
[InvocationCount(1, 1)]
public class DecisionBenchmarks
{
    static readonly DateTimeOffset Now = new(2025, 6, 2, 15, 0, 0, TimeSpan.Zero);

    CountTable _counts = null!;
    Neighbourhood _neighbourhood = null!;
    Expectations _expectations = null!;
    SpaceTimeScan _calibrated = null!;
    ScanOptions _scan = null!;
    int _today;

    [GlobalSetup]
    public void Setup()
    {
        var (table, origin) = ServerDefaults.Municipalities();
        var (baseline, scan) = (ServerDefaults.Baseline(), ServerDefaults.Scan());
        _scan = scan;
        _today = AnalysisDay.Of(Now);
        _counts = new CountTable(baseline.BaselineDays + baseline.GuardDays + 1, _today);
        NationalCounts.Fill(_counts, table);
        _neighbourhood = new Neighbourhood(table, Math.Max(scan.MaxRadiusKm, baseline.PoolRadiusKm));
        _expectations = new Expectations(_counts, BaselineModel.Fit(_counts, _today, baseline, table, _neighbourhood));
        _calibrated = new SpaceTimeScan(scan, _neighbourhood, ServerDefaults.Detection().MinCases);
        _calibrated.Run(_expectations, _today, Now);
        Console.WriteLine($"// {_counts.Municipalities.Count()} municipalities from {origin}, {_counts.Days} days");
    }

    [Benchmark(Description = "Baseline fit, all municipalities × 16 conditions")]
    public BaselineModel FitBaseline() =>
        BaselineModel.Fit(_counts, _today, ServerDefaults.Baseline(), ServerDefaults.Municipalities().Table, _neighbourhood);

    [Benchmark(Description = "Space–time scan, calibration cached")]
    public int Scan() => _calibrated.Run(_expectations, _today, Now).Count;

    [Benchmark(Description = "Space–time scan with a fresh Monte Carlo calibration")]
    public int ScanAndCalibrate() => new SpaceTimeScan(_scan, _neighbourhood, ServerDefaults.Detection().MinCases).Run(_expectations, _today, Now).Count;
}
