using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Observability;
using Sentinela.Server.Storage.Distributed.Redis;
using StackExchange.Redis;

namespace Sentinela.Server.Analysis.Collective.Distributed;

/// <summary>
/// The radius index in Redis GEO, shared by every instance. One sorted set per (grid cell, time bucket):
/// <c>{prefix:geo:latCell:lonCell}:h:bucket</c>. The hash tag is the cell, not the state: a circle near a border would
/// need the states it crosses, which coordinates alone cannot tell, while the cells under its bounding box are
/// arithmetic; so a query touches only the shards of those cells. Each key expires one radius window (plus a bucket)
/// after its bucket ends, so the index holds only the window without any cleanup job. A query walks the buckets newest
/// first, a growing batch of buckets × cells per pipelined round trip, and stops once it has <c>take</c> matches, exactly the
/// newest-first walk <see cref="HemogramIndex"/> does per cell.
/// While Redis does not answer, adds are dropped (<see cref="SharedIndexCatchUp"/> adds them again later) and queries answer nothing, so the detector decides on what this
/// instance holds (degraded, like the bus): it still raises the alerts of its own traffic. The disconnected check
/// answers at once, rather than each command waiting out its timeout in the backlog.
/// </summary>
public sealed class RedisHemogramIndex(IConnectionMultiplexer redis, IOptions<SharedAnalysisOptions> shared,
    IOptions<CollectiveAnalysisOptions> analysis, SharedIndexGap gap, TimeProvider clock, ILogger<RedisHemogramIndex> logger) : IHemogramGeoIndex
{
    /// <summary>Tells these spans from the in-memory index's of the same name, which the detector also runs.</summary>
    const string IndexTag = "sentinela.geo.index";

    readonly SharedAnalysisOptions _options = shared.Value;
    readonly TimeSpan _window = analysis.Value.Radius.Window;

    public async ValueTask AddAsync(IReadOnlyList<IndexedHemogram> hemograms, CancellationToken ct)
    {
        using var span = AnalysisTracing.Source.StartChildActivity("analysis.geo.add", ActivityKind.Client)
            ?.SetTag(IndexTag, "redis").SetTag("sentinela.hemograms", hemograms.Count);
        if (!redis.IsConnected)
        {
            gap.Open(clock.GetUtcNow());
            return;
        }
        try
        {
            await AddToRedisAsync(hemograms, ct);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            gap.Open(clock.GetUtcNow());
            logger.LogWarning(e, "Redis did not take {Count} hemograms into the shared radius index; other instances will not count them", hemograms.Count);
        }
    }

    public async ValueTask<IReadOnlyList<IndexedHemogram>> RecentAsync(GeoPoint centre, double radiusKm, HemogramParameter parameter,
        DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct)
    {
        using var span = AnalysisTracing.Source.StartChildActivity("analysis.geo.query", ActivityKind.Client)
            ?.SetTag(IndexTag, "redis").SetTag("sentinela.parameter", parameter.ToString()).SetTag("sentinela.radius_km", radiusKm);
        if (!redis.IsConnected) return [];
        try
        {
            return await SearchAsync(centre, radiusKm, parameter, from, to, take, ct);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning(e, "Redis did not answer a radius query; deciding on this instance's hemograms only");
            return [];
        }
    }

    async Task AddToRedisAsync(IReadOnlyList<IndexedHemogram> hemograms, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var db = redis.GetDatabase();
        var pending = new List<Task>();
        // One GEOADD per key (a batch mostly falls in a few cells and one bucket), all pipelined.
        foreach (var group in hemograms.Where(h => h.CollectedAt >= now - _window).GroupBy(h => (Cell: CellOf(h.Location), Bucket: BucketOf(h.CollectedAt))))
        {
            var expiry = BucketStart(group.Key.Bucket + 1) + _window + _options.Bucket - now;
            if (expiry <= TimeSpan.Zero) continue;
            var key = Key(group.Key.Cell, group.Key.Bucket);
            pending.Add(db.GeoAddAsync(key, [.. group.Select(h => new GeoEntry(h.Location.Longitude, h.Location.Latitude, HemogramMember.Encode(h)))]));
            pending.Add(db.KeyExpireAsync(key, expiry));
        }
        await Task.WhenAll(pending).WaitAsync(ct);
    }

    async Task<IReadOnlyList<IndexedHemogram>> SearchAsync(GeoPoint centre, double radiusKm, HemogramParameter parameter,
        DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct)
    {
        var db = redis.GetDatabase();
        var (dLat, dLon) = centre.DegreesFor(radiusKm);
        var (minLat, minLon) = CellOf(new GeoPoint(centre.Latitude - dLat, centre.Longitude - dLon));
        var (maxLat, maxLon) = CellOf(new GeoPoint(centre.Latitude + dLat, centre.Longitude + dLon));
        // Ingestion refuses times beyond the clock skew, so nothing newer than the next bucket exists.
        var now = clock.GetUtcNow();
        var upper = to < now + _options.Bucket ? to : now + _options.Bucket;
        // Keys older than the window have expired: an open-ended `from` must not walk empty buckets back to year 1.
        var lowest = BucketOf(from > now - _window - _options.Bucket ? from : now - _window - _options.Bucket);
        // Redis measures on a slightly different sphere: ask a little wider and keep the in-memory index's own distance test.
        var shape = new GeoSearchCircle(radiusKm * 1.01 + 0.01, GeoUnit.Kilometers);
        var found = new List<IndexedHemogram>();
        // One bucket first, then twice as many each round trip: a busy area is answered by its newest hour alone, a quiet one
        // reaches back through the window in a few round trips.
        var batch = 1;
        for (var bucket = BucketOf(upper); bucket >= lowest && found.Count < take; batch = Math.Min(batch * 2, _options.BucketsPerRoundTrip))
        {
            var searches = new List<Task<GeoRadiusResult[]>>();
            for (var b = bucket; b > bucket - batch && b >= lowest; b--)
                for (var la = minLat; la <= maxLat; la++)
                    for (var lo = minLon; lo <= maxLon; lo++)
                        searches.Add(db.GeoSearchAsync(Key((la, lo), b), centre.Longitude, centre.Latitude, shape, options: GeoRadiusOptions.None));
            bucket -= batch;
            foreach (var result in await Task.WhenAll(searches).WaitAsync(ct))
                foreach (var r in result)
                {
                    ReadOnlySpan<byte> member = (byte[])r.Member!;
                    var at = HemogramMember.CollectedAt(member);
                    if (at < from || at > to || !HemogramMember.Measured(member, parameter)
                        || HemogramMember.Location(member).DistanceKm(centre) > radiusKm) continue;
                    found.Add(HemogramMember.Decode(member));
                }
        }
        // Buckets are disjoint in time and walked newest first, so the newest `take` are all in what was read.
        found.Sort((a, b) => b.CollectedAt.CompareTo(a.CollectedAt));
        if (found.Count > take) found.RemoveRange(take, found.Count - take);
        return found;
    }

    RedisKey Key((int Lat, int Lon) cell, long bucket) => $"{{{_options.KeyPrefix}:geo:{cell.Lat}:{cell.Lon}}}:h:{bucket}";

    (int, int) CellOf(GeoPoint p) => ((int)Math.Floor(p.Latitude / _options.CellDegrees), (int)Math.Floor(p.Longitude / _options.CellDegrees));

    long BucketOf(DateTimeOffset t) => (long)Math.Floor((t - DateTimeOffset.UnixEpoch) / _options.Bucket);

    DateTimeOffset BucketStart(long bucket) => DateTimeOffset.UnixEpoch + bucket * _options.Bucket;
}
