using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Detection;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Baselines;

/// <summary>
/// The counts read against the baseline model: series for the temporal detectors, totals for any area and window. A total's
/// variance is the beta-binomial sampling variance of its days plus, per municipality, the uncertainty of its learned rate.
/// </summary>
public sealed class Expectations(CountTable counts, BaselineModel baseline)
{
    public CountTable Counts => counts;
    public BaselineModel Baseline => baseline;

    public static double Variance(int tests, double p, double rho) => tests * p * (1 - p) * (1 + (tests - 1) * rho);

    public AreaOutcome Over(IEnumerable<int> municipalities, Condition condition, int firstDay, int lastDay)
    {
        int observed = 0, tests = 0;
        double expected = 0, variance = 0;
        int testSlot = CountSlots.Tests(condition.Parameter), abnormalSlot = CountSlots.Abnormal(condition);
        foreach (var m in municipalities)
        {
            var rho = baseline.Rho(m, condition);
            double own = 0;
            for (var d = firstDay; d <= lastDay; d++)
            {
                var row = counts.Row(m, d);
                var p = baseline.Expected(m, condition, d);
                observed += row[abnormalSlot];
                tests += row[testSlot];
                own += row[testSlot] * p;
                variance += Variance(row[testSlot], p, rho);
            }
            expected += own;
            // The days share one learned rate: its uncertainty adds E²·CV², not a sum over days.
            variance += own * own * baseline.RateCv2(m, condition);
        }
        return new AreaOutcome(observed, expected, variance, tests);
    }

    /// <summary>The municipality's daily series for a condition, oldest first, into <paramref name="into"/> (its length is the number of days ending at <paramref name="lastDay"/>).</summary>
    public void Series(int municipality, Condition condition, int lastDay, Span<SeriesDay> into)
    {
        int testSlot = CountSlots.Tests(condition.Parameter), abnormalSlot = CountSlots.Abnormal(condition);
        for (var i = 0; i < into.Length; i++)
        {
            var day = lastDay - into.Length + 1 + i;
            var row = counts.Row(municipality, day);
            into[i] = new SeriesDay(row[testSlot], row[abnormalSlot], baseline.Expected(municipality, condition, day));
        }
    }
}
