using Sentinela.Geography;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Hemograms;

namespace Sentinela.Benchmarks;

/// <summary>
/// Counters as the decider holds them for a whole country: every municipality of the table reporting every day for the
/// engine's history, volumes Zipf-distributed (the largest ~2,000 hemograms a day, the smallest one every few days),
/// each condition abnormal at its own rate. Deterministic.
/// </summary>
public static class NationalCounts
{
    public static void Fill(CountTable table, MunicipalityTable municipalities, int seed = 7)
    {
        var random = new Random(seed);
        var ranked = municipalities.All.OrderBy(_ => random.Next()).ToArray();
        var rates = Condition.All.Select((_, i) => 0.01 + 0.2 * (i % 5) / 4).ToArray();
        for (var rank = 0; rank < ranked.Length; rank++)
        {
            var daily = 2000.0 / Math.Pow(rank + 1, 0.9);
            for (var day = table.FirstDay; day <= table.LastDay; day++)
            {
                var n = Poisson(random, daily);
                if (n == 0) continue;
                var row = new int[CountSlots.Width];
                row[CountSlots.Hemograms] = n;
                foreach (var p in HemogramParameters.All) row[CountSlots.Tests(p)] = n;
                for (var c = 0; c < Condition.All.Length; c++) row[CountSlots.Abnormal(Condition.All[c])] = Poisson(random, n * rates[c]);
                table.Set(ranked[rank].IbgeCode, day, row);
            }
        }
    }

    static int Poisson(Random random, double mean)
    {
        if (mean > 30) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal(random)));
        var (limit, k, product) = (Math.Exp(-mean), 0, random.NextDouble());
        while (product > limit) { k++; product *= random.NextDouble(); }
        return k;
    }

    static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
