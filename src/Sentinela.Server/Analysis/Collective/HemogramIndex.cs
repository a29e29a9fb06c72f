using Sentinela.Geography;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Observability;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>
/// In-memory geo + time index: a grid of cells, each holding its hemograms ordered by collection time.
/// A radius query visits only the cells the circle's bounding box touches and walks each from the newest back.
/// Not thread-safe: owned by the single collective-analysis loop.
/// </summary>
public sealed class HemogramIndex(double cellDegrees = 0.5) : IHemogramGeoIndex
{
    readonly Dictionary<(int, int), List<IndexedHemogram>> _cells = [];

    public int Count { get; private set; }

    public void Add(IndexedHemogram h)
    {
        using var span = AnalysisTracing.Source.StartChildActivity("analysis.geo.add");
        if (!_cells.TryGetValue(CellOf(h.Location), out var cell)) _cells[CellOf(h.Location)] = cell = [];
        // Mostly appends; late arrivals are inserted in time order.
        var i = cell.Count;
        while (i > 0 && cell[i - 1].CollectedAt > h.CollectedAt) i--;
        cell.Insert(i, h);
        Count++;
    }

    /// <summary>The newest hemograms (up to <paramref name="take"/>) measuring <paramref name="parameter"/> within the circle and time range, newest first.</summary>
    public List<IndexedHemogram> Recent(GeoPoint centre, double radiusKm, HemogramParameter parameter, DateTimeOffset from, DateTimeOffset to, int take)
    {
        using var span = AnalysisTracing.Source.StartChildActivity("analysis.geo.query")
            ?.SetTag("sentinela.parameter", parameter.ToString()).SetTag("sentinela.radius_km", radiusKm);
        var newest = new PriorityQueue<IndexedHemogram, DateTimeOffset>(take + 1);
        var (dLat, dLon) = centre.DegreesFor(radiusKm);
        var (minLat, minLon) = CellOf(new GeoPoint(centre.Latitude - dLat, centre.Longitude - dLon));
        var (maxLat, maxLon) = CellOf(new GeoPoint(centre.Latitude + dLat, centre.Longitude + dLon));
        for (var la = minLat; la <= maxLat; la++)
            for (var lo = minLon; lo <= maxLon; lo++)
            {
                if (!_cells.TryGetValue((la, lo), out var cell)) continue;
                for (var i = cell.Count - 1; i >= 0; i--)
                {
                    var h = cell[i];
                    if (h.CollectedAt < from) break;
                    if (newest.Count == take && h.CollectedAt <= newest.Peek().CollectedAt) break;
                    if (h.CollectedAt > to || !h.Measured(parameter) || h.Location.DistanceKm(centre) > radiusKm) continue;
                    newest.Enqueue(h, h.CollectedAt);
                    if (newest.Count > take) newest.Dequeue();
                }
            }
        var result = new List<IndexedHemogram>(newest.Count);
        while (newest.TryDequeue(out var h, out _)) result.Add(h);
        result.Reverse();
        return result;
    }

    /// <summary>Every indexed hemogram matching a filter within a time range; a full scan, used only when a region alert gathers evidence.</summary>
    public IEnumerable<IndexedHemogram> Where(Func<IndexedHemogram, bool> filter, DateTimeOffset from, DateTimeOffset to) =>
        _cells.Values.SelectMany(cell => cell).Where(h => h.CollectedAt >= from && h.CollectedAt <= to && filter(h));

    /// <summary>Drops hemograms collected before the cutoff: past every detector's horizon.</summary>
    public void Prune(DateTimeOffset before)
    {
        foreach (var (key, cell) in _cells.ToArray())
        {
            var stale = 0;
            while (stale < cell.Count && cell[stale].CollectedAt < before) stale++;
            if (stale == 0) continue;
            cell.RemoveRange(0, stale);
            Count -= stale;
            if (cell.Count == 0) _cells.Remove(key);
        }
    }

    ValueTask IHemogramGeoIndex.AddAsync(IReadOnlyList<IndexedHemogram> hemograms, CancellationToken ct)
    {
        foreach (var h in hemograms) Add(h);
        return ValueTask.CompletedTask;
    }

    ValueTask<IReadOnlyList<IndexedHemogram>> IHemogramGeoIndex.RecentAsync(GeoPoint centre, double radiusKm, HemogramParameter parameter,
        DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct) =>
        ValueTask.FromResult<IReadOnlyList<IndexedHemogram>>(Recent(centre, radiusKm, parameter, from, to, take));

    (int, int) CellOf(GeoPoint p) => ((int)Math.Floor(p.Latitude / cellDegrees), (int)Math.Floor(p.Longitude / cellDegrees));
}
