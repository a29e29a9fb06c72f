using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>
/// Per region and parameter, time-bucketed totals, abnormal counts and moments. Adding a hemogram touches one bucket
/// per measured parameter; a window is the sum of its buckets, so evaluation never rescans hemograms.
/// Not thread-safe: owned by the collective-analysis loop.
/// </summary>
public sealed class RegionWindowCounters(TimeSpan bucket)
{
    public struct Bucket
    {
        public MomentAccumulator Values;
        public int Low;
        public int High;

        public readonly int Abnormal(Direction d) => d == Direction.Low ? Low : High;
    }

    readonly Dictionary<(RegionKey, HemogramParameter), SortedDictionary<long, Bucket>> _series = [];
    readonly Dictionary<RegionKey, DateTimeOffset> _lastCollected = [];

    public void Add(RegionKey region, IndexedHemogram h)
    {
        var slot = SlotOf(h.CollectedAt);
        foreach (var p in HemogramParameters.All)
        {
            if (!h.Measured(p)) continue;
            if (!_series.TryGetValue((region, p), out var series)) _series[(region, p)] = series = [];
            series.TryGetValue(slot, out var b);
            b.Values.Add(h.Value(p));
            if (h.Has(new Condition(p, Direction.Low))) b.Low++;
            if (h.Has(new Condition(p, Direction.High))) b.High++;
            series[slot] = b;
        }
        if (!_lastCollected.TryGetValue(region, out var last) || h.CollectedAt > last) _lastCollected[region] = h.CollectedAt;
    }

    /// <summary>Sum of the buckets numbered first..last inclusive (see <see cref="SlotOf"/>).</summary>
    public Bucket Sum(RegionKey region, HemogramParameter parameter, long first, long last)
    {
        var total = new Bucket();
        if (!_series.TryGetValue((region, parameter), out var series)) return total;
        foreach (var (slot, b) in series)
        {
            if (slot < first) continue;
            if (slot > last) break;
            total.Values.Add(b.Values);
            total.Low += b.Low;
            total.High += b.High;
        }
        return total;
    }

    /// <summary>
    /// Replaces the buckets numbered first..last of a region with another holder's counts (the counters shared by every
    /// instance): what this instance counted there is dropped, not added to, since the shared counts already include it.
    /// </summary>
    public void Replace(RegionKey region, long first, long last, IReadOnlyDictionary<(HemogramParameter Parameter, long Slot), Bucket> buckets)
    {
        foreach (var p in HemogramParameters.All)
        {
            if (!_series.TryGetValue((region, p), out var series)) continue;
            foreach (var slot in series.Keys.SkipWhile(s => s < first).TakeWhile(s => s <= last).ToArray()) series.Remove(slot);
            if (series.Count == 0) _series.Remove((region, p));
        }
        foreach (var ((p, slot), b) in buckets)
        {
            if (slot < first || slot > last) continue;
            if (!_series.TryGetValue((region, p), out var series)) _series[(region, p)] = series = [];
            series[slot] = b;
        }
    }

    /// <summary>Regions that received a hemogram collected after the given time.</summary>
    public IEnumerable<RegionKey> ActiveSince(DateTimeOffset since) =>
        _lastCollected.Where(kv => kv.Value >= since).Select(kv => kv.Key);

    public void Prune(DateTimeOffset before)
    {
        var stale = SlotOf(before);
        foreach (var (key, series) in _series.ToArray())
        {
            foreach (var slot in series.Keys.TakeWhile(s => s < stale).ToArray()) series.Remove(slot);
            if (series.Count == 0) _series.Remove(key);
        }
        foreach (var (region, last) in _lastCollected.ToArray())
            if (last < before) _lastCollected.Remove(region);
    }

    /// <summary>The bucket number a time falls in.</summary>
    public long SlotOf(DateTimeOffset t) => t.UtcTicks / bucket.Ticks;

    public DateTimeOffset StartOf(long slot) => new(slot * bucket.Ticks, TimeSpan.Zero);
}
