using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>
/// The geo + time index the radius lens reads: <see cref="HemogramIndex"/> in one process, Redis GEO across instances
/// (<see cref="Distributed.RedisHemogramIndex"/>). Both answer a query with the same hemograms in the same order.
/// </summary>
public interface IHemogramGeoIndex
{
    ValueTask AddAsync(IReadOnlyList<IndexedHemogram> hemograms, CancellationToken ct);

    /// <summary>The newest hemograms (up to <paramref name="take"/>) measuring <paramref name="parameter"/> within the circle and time range, newest first.</summary>
    ValueTask<IReadOnlyList<IndexedHemogram>> RecentAsync(GeoPoint centre, double radiusKm, HemogramParameter parameter,
        DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct);
}
