using BenchmarkDotNet.Attributes;
using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Benchmarks;

/// <summary>
/// One <see cref="ITemporalDetector.Evaluate"/> of each temporal detector over a 70-day municipality series (about 100
/// hemograms a day, 10 % abnormal, a few days without tests, a doubling over the last three days), as the lead's
/// runtime would call it per region × condition.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class TemporalDetectorBenchmarks
{
    const double Rho = 0.01;
    SeriesDay[] _series = null!;
    readonly EarsDetector _c1 = new(new EarsOptions { Method = EarsMethod.C1 });
    readonly EarsDetector _c3 = new(new EarsOptions { Method = EarsMethod.C3 });
    readonly CusumDetector _cusum = new(new CusumOptions());
    readonly EwmaDetector _ewma = new(new EwmaOptions());

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(14);
        _series = new SeriesDay[70];
        for (var t = 0; t < _series.Length; t++)
        {
            var tests = t % 23 == 22 ? 0 : 80 + random.Next(41);
            var expected = 0.1 * (1 + 0.2 * Math.Sin(2 * Math.PI * t / 7));
            var truth = t >= 67 ? 2 * expected : expected;
            var abnormal = 0;
            for (var i = 0; i < tests; i++) if (random.NextDouble() < truth) abnormal++;
            _series[t] = new SeriesDay(tests, abnormal, expected);
        }
    }

    [Benchmark(Baseline = true, Description = "EARS C1")]
    public TemporalScore EarsC1() => _c1.Evaluate(_series, Rho);

    [Benchmark(Description = "EARS C3")]
    public TemporalScore EarsC3() => _c3.Evaluate(_series, Rho);

    [Benchmark(Description = "CUSUM binomial (rho 0)")]
    public TemporalScore BinomialCusum() => _cusum.Evaluate(_series, 0);

    [Benchmark(Description = "CUSUM beta-binomial")]
    public TemporalScore Cusum() => _cusum.Evaluate(_series, Rho);

    [Benchmark(Description = "EWMA")]
    public TemporalScore Ewma() => _ewma.Evaluate(_series, Rho);
}
