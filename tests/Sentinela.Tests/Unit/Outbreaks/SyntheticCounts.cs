using MathNet.Numerics.Distributions;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Unit.Outbreaks;

/// <summary>Counters for detector tests: a municipality's days of tests with a condition abnormal at a chosen share, seeded.</summary>
internal sealed class SyntheticCounts(CountTable table, int seed = 1)
{
    public static readonly Condition PlateletsLow = new(HemogramParameter.Platelets, Direction.Low);

    readonly Random _random = new(seed);

    public CountTable Table => table;

    /// <summary>Each day from <paramref name="fromDay"/> to <paramref name="toDay"/>: <paramref name="tests"/> hemograms measuring
    /// every parameter, the condition abnormal in Binomial(tests, share) of them, or beta-binomial with intra-day correlation rho.</summary>
    public SyntheticCounts Days(int municipality, int fromDay, int toDay, int tests, double share, Condition? condition = null, double rho = 0)
    {
        for (var day = fromDay; day <= toDay; day++) Day(municipality, day, tests, Draw(tests, share, rho), condition);
        return this;
    }

    /// <summary>One day with exactly these numbers (added to what the day already holds).</summary>
    public SyntheticCounts Day(int municipality, int day, int tests, int abnormal, Condition? condition = null)
    {
        var row = table.Row(municipality, day).ToArray();
        row[CountSlots.Hemograms] += tests;
        foreach (var p in HemogramParameters.All) row[CountSlots.Tests(p)] += tests;
        row[CountSlots.Abnormal(condition ?? PlateletsLow)] += abnormal;
        table.Set(municipality, day, row);
        return this;
    }

    int Draw(int n, double p, double rho)
    {
        if (n == 0) return 0;
        var share = rho <= 0 ? p : Beta.Sample(_random, p * (1 - rho) / rho, (1 - p) * (1 - rho) / rho);
        return Binomial.Sample(_random, share, n);
    }
}
