using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>
/// Among the last N hemograms within R km (and the time window), is the share abnormal for a condition above the
/// threshold, with enough cases, and unlikely under the baseline rate (exact binomial test)? The N hemograms before
/// those are the "previous window" for the trend.
/// </summary>
public sealed class RadiusDetector(HemogramIndex index, RadiusDetectorOptions options, double baseline, double maxPValue)
{
    public RadiusDetectorOptions Options => options;

    public Evaluation Evaluate(GeoPoint centre, Condition condition, DateTimeOffset now)
    {
        var from = now - options.Window;
        // No upper bound: ingestion already refused times beyond the allowed clock skew, and a lab a few minutes ahead still counts.
        var recent = index.Recent(centre, options.RadiusKm, condition.Parameter, from, DateTimeOffset.MaxValue, options.RecentCount * 2);
        var current = recent.Take(options.RecentCount).ToList();
        var previous = recent.Skip(options.RecentCount).ToList();

        var cases = current.Where(h => h.Has(condition)).ToList();
        var pValue = BinomialTest.UpperTail(cases.Count, current.Count, baseline);
        var stats = new WindowStatistics(
            current.Count, cases.Count,
            Moments(current, condition.Parameter).Mean, Moments(current, condition.Parameter).StandardDeviation,
            previous.Count, previous.Count(h => h.Has(condition)), Moments(previous, condition.Parameter).Mean,
            baseline, pValue,
            current.Count > 0 ? current[^1].CollectedAt : from, now);

        var triggered = cases.Count >= options.MinAbnormal
            && stats.Proportion > options.Threshold
            && pValue <= maxPValue;
        return new Evaluation(DetectorKind.Radius, stats, triggered, cases);
    }

    static MomentAccumulator Moments(IEnumerable<IndexedHemogram> hemograms, HemogramParameter p)
    {
        var m = new MomentAccumulator();
        foreach (var h in hemograms) m.Add(h.Value(p));
        return m;
    }
}
