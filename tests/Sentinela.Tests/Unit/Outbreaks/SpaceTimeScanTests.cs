using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Scan;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Unit.Outbreaks;

public sealed class SpaceTimeScanTests
{
    const int Today = 20_300;
    static readonly int[] Metro = [3106200, 3118601, 3106705, 3129806, 3156700, 3154606, 3144805];
    static readonly BaselineOptions Baseline = new() { PriorRates = { ["platelets-low"] = 0.05 } };
    static readonly Neighbourhood Neighbours = new(ReferenceData.Municipalities, 50);

    static (Expectations Expectations, CountTable Counts) World(int seed, Action<SyntheticCounts>? outbreak = null)
    {
        var table = new CountTable(Baseline.BaselineDays + Baseline.GuardDays + 1, Today);
        var counts = new SyntheticCounts(table, seed);
        foreach (var m in Metro) counts.Days(m, table.FirstDay, Today, tests: m == 3106200 ? 300 : 60, share: 0.05, rho: 0.005);
        outbreak?.Invoke(counts);
        return (new Expectations(table, BaselineModel.Fit(table, Today, Baseline, ReferenceData.Municipalities, Neighbours)), table);
    }

    static DateTimeOffset Now => AnalysisDay.Start(Today).AddHours(20);

    [Fact]
    public void Worlds_without_an_outbreak_rarely_hold_a_significant_cluster()
    {
        // The Monte Carlo null is the model's own: across seeded worlds drawn from the same model, the strongest cluster's
        // p-value should fall below 0.1 in about a tenth of them (bounded loosely: 30 worlds).
        var significant = Enumerable.Range(1, 30).Count(seed =>
        {
            var (expectations, _) = World(seed);
            var strongest = new SpaceTimeScan(new ScanOptions(), Neighbours, minCases: 3).Run(expectations, Today, Now)
                .Where(c => c.Condition == SyntheticCounts.PlateletsLow).OrderBy(c => c.PValue).FirstOrDefault();
            return strongest is { PValue: < 0.1 };
        });

        Assert.InRange(significant, 0, 8);
    }

    [Fact]
    public void A_two_day_excess_in_three_neighbours_is_found_as_one_cluster_covering_them()
    {
        var (expectations, _) = World(7, counts =>
        {
            foreach (var m in new[] { 3118601, 3106705, 3129806 }) counts.Day(m, Today - 1, 30, 12).Day(m, Today, 30, 12);
        });

        var cluster = new SpaceTimeScan(new ScanOptions(), Neighbours, minCases: 3).Run(expectations, Today, Now)
            .Where(c => c.Condition == SyntheticCounts.PlateletsLow).OrderBy(c => c.PValue).First();

        Assert.True(cluster.PValue < 0.01, $"p = {cluster.PValue}");
        Assert.Superset(new HashSet<int> { 3118601, 3106705, 3129806 }, cluster.Municipalities.ToHashSet());
        Assert.InRange(cluster.WindowDays, 1, 3);
        Assert.True(cluster.Observed > 2 * cluster.Expected);
        Assert.Equal(expectations.Over(cluster.Municipalities, SyntheticCounts.PlateletsLow, Today - cluster.WindowDays + 1, Today).Observed,
            cluster.Observed);
    }

    [Fact]
    public void The_same_world_scanned_twice_gives_the_same_p_values()
    {
        var (expectations, _) = World(11, counts => counts.Day(3118601, Today, 30, 10));

        var first = new SpaceTimeScan(new ScanOptions(), Neighbours, 3).Run(expectations, Today, Now).Select(c => c.PValue).ToList();
        var second = new SpaceTimeScan(new ScanOptions(), Neighbours, 3).Run(expectations, Today, Now).Select(c => c.PValue).ToList();

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }
}
