using Sentinela.Geography;

namespace Sentinela.Server.Analysis.Scan;

/// <summary>
/// For each municipality, the others within a distance, nearest first (itself first of all): the circles the space–time
/// scan grows and the neighbours a small town's baseline borrows from. Computed lazily per municipality, with a latitude
/// band as pre-filter, so a deployment with the 5,570-municipality table pays only for the places that report.
/// </summary>
public sealed class Neighbourhood
{
    readonly MunicipalityTable _table;
    readonly Municipality[] _byLatitude;
    readonly double _maxKm;
    readonly Dictionary<int, (int Code, double Km)[]> _cache = [];

    public Neighbourhood(MunicipalityTable table, double maxKm)
    {
        (_table, _maxKm) = (table, maxKm);
        _byLatitude = table.All.OrderBy(m => m.Centroid.Latitude).ToArray();
    }

    public double MaxKm => _maxKm;

    /// <summary>The municipality itself (0 km), then every other within <see cref="MaxKm"/>, nearest first; empty when unknown.</summary>
    public IReadOnlyList<(int Code, double Km)> Of(int code)
    {
        if (_cache.TryGetValue(code, out var found)) return found;
        if (_table.Find(code) is not { } centre) return _cache[code] = [];
        var (latDegrees, _) = centre.Centroid.DegreesFor(_maxKm);
        var from = LowerBound(centre.Centroid.Latitude - latDegrees);
        var list = new List<(int, double)> { (code, 0) };
        for (var i = from; i < _byLatitude.Length && _byLatitude[i].Centroid.Latitude <= centre.Centroid.Latitude + latDegrees; i++)
        {
            var other = _byLatitude[i];
            if (other.IbgeCode == code) continue;
            var km = centre.Centroid.DistanceKm(other.Centroid);
            if (km <= _maxKm) list.Add((other.IbgeCode, km));
        }
        return _cache[code] = [.. list.OrderBy(n => n.Item2).ThenBy(n => n.Item1)];
    }

    int LowerBound(double latitude)
    {
        int lo = 0, hi = _byLatitude.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_byLatitude[mid].Centroid.Latitude < latitude) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
