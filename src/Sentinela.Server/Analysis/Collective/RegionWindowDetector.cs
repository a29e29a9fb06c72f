using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>
/// Sliding windows per region (municipality or state): alert when the window has the minimum volume, its abnormal share
/// is above the threshold, and the share rose against the previous window (or the baseline when that window is too thin)
/// by the trend ratio with a one-sided binomial p-value under the configured maximum.
/// </summary>
public sealed class RegionWindowDetector(
    DetectorKind kind, HemogramIndex index, RegionWindowOptions options, double baseline, double maxPValue)
{
    readonly RegionWindowCounters _counters = new(options.Bucket);
    readonly int _bucketsPerWindow = Math.Max(1, (int)(options.Window.Ticks / options.Bucket.Ticks));

    public DetectorKind Kind => kind;
    public RegionWindowOptions Options => options;

    public void Add(RegionKey region, IndexedHemogram h) => _counters.Add(region, h);

    public IEnumerable<RegionKey> ActiveSince(DateTimeOffset since) => _counters.ActiveSince(since);

    public void Prune(DateTimeOffset before) => _counters.Prune(before);

    /// <summary>The buckets an evaluation of <paramref name="region"/> at <paramref name="now"/> reads: the window and the one before it.</summary>
    public RegionWindowRange RangeOf(RegionKey region, DateTimeOffset now)
    {
        var last = _counters.SlotOf(now);
        return new RegionWindowRange(region, options.Bucket, last - 2 * _bucketsPerWindow + 1, last);
    }

    /// <summary>Takes the shared counts for a range (see <see cref="RegionWindowCounters.Replace"/>).</summary>
    public void Replace(RegionWindowRange range, IReadOnlyDictionary<(HemogramParameter Parameter, long Slot), RegionWindowCounters.Bucket> buckets) =>
        _counters.Replace(range.Region, range.FirstSlot, range.LastSlot, buckets);

    public Evaluation Evaluate(RegionKey region, Condition condition, DateTimeOffset now, bool withEvidence)
    {
        var last = _counters.SlotOf(now);
        var current = _counters.Sum(region, condition.Parameter, last - _bucketsPerWindow + 1, last);
        var previous = _counters.Sum(region, condition.Parameter, last - 2 * _bucketsPerWindow + 1, last - _bucketsPerWindow);
        int total = current.Values.Count, abnormal = current.Abnormal(condition.Direction);
        int previousTotal = previous.Values.Count, previousAbnormal = previous.Abnormal(condition.Direction);

        var reference = previousTotal >= options.MinVolume
            ? Math.Max(baseline, (double)previousAbnormal / previousTotal)
            : baseline;
        var pValue = BinomialTest.UpperTail(abnormal, total, reference);
        var windowStart = _counters.StartOf(last - _bucketsPerWindow + 1);
        var stats = new WindowStatistics(
            total, abnormal, current.Values.Mean, current.Values.StandardDeviation,
            previousTotal, previousAbnormal, previous.Values.Mean, reference, pValue, windowStart, now);

        var triggered = total >= options.MinVolume
            && abnormal >= options.MinAbnormal
            && stats.Proportion > options.Threshold
            && stats.Proportion >= reference * options.TrendMinRatio
            && pValue <= maxPValue;

        // Gathering evidence scans the index, so it is done only when an alert is about to be raised.
        var cases = withEvidence && triggered
            ? index.Where(h => region.Contains(h) && h.Has(condition), windowStart, now).ToList()
            : [];
        return new Evaluation(kind, stats, triggered, cases);
    }
}
