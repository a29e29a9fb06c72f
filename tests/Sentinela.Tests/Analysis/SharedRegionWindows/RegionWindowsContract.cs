using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Analysis.Collective.Distributed;
using Sentinela.Server.Hemograms;
using Sentinela.Tests.Unit;
using StackExchange.Redis;

namespace Sentinela.Tests.Analysis.SharedRegionWindows;

/// <summary>
/// What the shared region windows promise the detector: every hemogram counted once however often it is added, and the
/// window and previous-window sums per region and parameter exactly those of an in-memory <see cref="RegionWindowCounters"/>
/// fed each hemogram once, with the abnormal hemograms of the range as evidence.
/// </summary>
public abstract class RegionWindowsContract
{
    protected abstract IConnectionMultiplexer Connection { get; }

    static readonly TimeSpan Bucket = TimeSpan.FromHours(1);
    static readonly RegionKey Contagem = RegionKey.Municipality(3118601), Uberlandia = RegionKey.Municipality(3170206), MinasGerais = RegionKey.State(31);

    RedisRegionWindows Create() => new(Connection,
        Options.Create(new SharedAnalysisOptions { KeyPrefix = $"test-{Guid.NewGuid():N}" }),
        Options.Create(new CollectiveAnalysisOptions()), new SharedIndexGap(), NullLogger<RedisRegionWindows>.Instance);

    [Fact]
    public async Task Hemograms_added_twice_are_counted_once_and_windows_sum_like_the_in_memory_counters()
    {
        var now = DateTimeOffset.UtcNow;
        var hemograms = Hemograms(now, 600, seed: 3);
        var windows = Create();
        var reference = new RegionWindowCounters(Bucket);
        foreach (var h in hemograms)
        {
            reference.Add(RegionKey.Municipality(h.MunicipalityCode), h);
            reference.Add(RegionKey.State(h.StateCode), h);
        }

        foreach (var batch in hemograms.Chunk(100)) await windows.AddAsync(batch, now, default);
        // A retried request and a catch-up after an outage add overlapping batches again.
        foreach (var batch in hemograms.Reverse().Chunk(70)) await windows.AddAsync(batch, now, default);

        var last = now.UtcTicks / Bucket.Ticks;
        var ranges = new[] { Contagem, Uberlandia, MinasGerais }.Select(r => new RegionWindowRange(r, Bucket, last - 47, last)).ToList();
        var shared = await windows.ReadAsync(ranges, withEvidence: true, default);

        Assert.NotNull(shared);
        var counted = new RegionWindowCounters(Bucket);
        foreach (var window in shared) counted.Replace(window.Range.Region, window.Range.FirstSlot, window.Range.LastSlot, window.Buckets);
        foreach (var range in ranges)
            foreach (var p in new[] { HemogramParameter.Platelets, HemogramParameter.Leukocytes, HemogramParameter.Hemoglobin })
                foreach (var (first, end) in new[] { (last - 23, last), (last - 47, last - 24), (last - 5, last - 2) })
                {
                    var expected = reference.Sum(range.Region, p, first, end);
                    var actual = counted.Sum(range.Region, p, first, end);
                    Assert.Equal((expected.Values.Count, expected.Low, expected.High), (actual.Values.Count, actual.Low, actual.High));
                    Assert.Equal(expected.Values.Sum, actual.Values.Sum, 1e-6 * Math.Max(1, expected.Values.Sum));
                    Assert.Equal(expected.Values.SumOfSquares, actual.Values.SumOfSquares, 1e-6 * Math.Max(1, expected.Values.SumOfSquares));
                }
        Assert.True(reference.Sum(Contagem, HemogramParameter.Platelets, last - 23, last).Values.Count > 50);

        var from = new DateTimeOffset((last - 47) * Bucket.Ticks, TimeSpan.Zero);
        foreach (var window in shared)
            Assert.Equal(
                hemograms.Where(h => window.Range.Region.Contains(h) && h.AbnormalMask != 0 && h.CollectedAt >= from).Select(h => h.Id).Order(),
                window.Abnormal.Select(h => h.Id).Order());
    }

    [Fact]
    public async Task A_window_read_without_evidence_carries_counts_only_and_unknown_regions_read_empty()
    {
        var now = DateTimeOffset.UtcNow;
        var windows = Create();
        await windows.AddAsync(Hemograms(now, 20, seed: 4), now, default);
        var last = now.UtcTicks / Bucket.Ticks;

        var shared = await windows.ReadAsync([new RegionWindowRange(MinasGerais, Bucket, last - 47, last), new RegionWindowRange(RegionKey.State(35), Bucket, last - 47, last)],
            withEvidence: false, default);

        Assert.NotNull(shared);
        Assert.Equal(20, shared[0].Buckets.Where(b => b.Key.Parameter == HemogramParameter.Platelets).Sum(b => b.Value.Values.Count));
        Assert.Empty(shared[0].Abnormal);
        Assert.Empty(shared[1].Buckets);
    }

    /// <summary>Two municipalities of Minas Gerais over the last 40 hours, platelets always, leukocytes on two in three, some low or high.</summary>
    static IndexedHemogram[] Hemograms(DateTimeOffset now, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var platelets = 60_000 + random.Next(400_000);
            var measurements = new List<Measurement> { new(HemogramParameter.Platelets, platelets) };
            var findings = new List<Finding>();
            if (platelets < 150_000) findings.Add(TestHemograms.Low(HemogramParameter.Platelets, platelets));
            if (i % 3 != 0)
            {
                var leukocytes = 2_000 + random.Next(15_000);
                measurements.Add(new(HemogramParameter.Leukocytes, leukocytes));
                if (leukocytes > 11_000) findings.Add(TestHemograms.High(HemogramParameter.Leukocytes, leukocytes));
            }
            var (municipality, at) = i % 4 == 0 ? (3170206, new GeoPoint(-18.91, -48.28)) : (3118601, new GeoPoint(-19.93, -44.05));
            return TestHemograms.Indexed(at, now - TimeSpan.FromMinutes(random.NextDouble() * 40 * 60), measurements, findings, municipality, 31, lab: $"lab-{i % 5}");
        })];
    }
}
