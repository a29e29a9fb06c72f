using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Collective.Distributed;

/// <summary>
/// One region window as every instance counted it: the buckets of <paramref name="Range"/> per parameter, and (when asked
/// for evidence) the abnormal hemograms in them.
/// </summary>
public sealed record SharedRegionWindow(
    RegionWindowRange Range,
    IReadOnlyDictionary<(HemogramParameter Parameter, long Slot), RegionWindowCounters.Bucket> Buckets,
    IReadOnlyList<IndexedHemogram> Abnormal);
