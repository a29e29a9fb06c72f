using Sentinela.Geography;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Unit;

public sealed class HemogramIndexTests
{
    static readonly DateTimeOffset T = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly GeoPoint Centre = new(-19.9321, -44.0539); // Contagem

    // Kilometres per degree of latitude on the mean-radius sphere the product measures distances on.
    const double KmPerDegree = Math.PI * 6371.0088 / 180;

    static GeoPoint North(GeoPoint from, double km) => new(from.Latitude + km / KmPerDegree, from.Longitude);

    static GeoPoint East(GeoPoint from, double km) =>
        new(from.Latitude, from.Longitude + km / (KmPerDegree * Math.Cos(from.Latitude * Math.PI / 180)));

    static IndexedHemogram Platelets(GeoPoint at, DateTimeOffset collectedAt, bool low = false) =>
        TestHemograms.Indexed(at, collectedAt, [new Measurement(HemogramParameter.Platelets, low ? 90_000 : 250_000)],
            low ? [TestHemograms.Low(HemogramParameter.Platelets, 90_000)] : null);

    static List<IndexedHemogram> RecentPlatelets(HemogramIndex index, GeoPoint centre, double radiusKm = 50, int take = 100,
        DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        index.Recent(centre, radiusKm, HemogramParameter.Platelets, from ?? T.AddDays(-3), to ?? T, take);

    [Fact]
    public void Recent_returns_only_hemograms_within_the_radius()
    {
        var index = new HemogramIndex();
        var inside = new[] { Platelets(Centre, T.AddHours(-1)), Platelets(North(Centre, 10), T.AddHours(-2)),
            Platelets(North(Centre, 45), T.AddHours(-3)), Platelets(East(Centre, 45), T.AddHours(-4)), Platelets(North(Centre, -45), T.AddHours(-5)) };
        var outside = new[] { Platelets(North(Centre, 55), T.AddHours(-1)), Platelets(East(Centre, 56), T.AddHours(-2)),
            Platelets(North(Centre, 300), T.AddHours(-3)) };
        foreach (var h in inside.Concat(outside)) index.Add(h);

        Assert.Equal(inside.Select(h => h.Id), RecentPlatelets(index, Centre).Select(h => h.Id));
    }

    [Fact]
    public void Recent_returns_only_hemograms_within_the_time_range_inclusive()
    {
        var index = new HemogramIndex();
        var hs = new[] { -5, -3, -1, 0, 1 }.Select(h => Platelets(Centre, T.AddHours(h))).ToArray();
        foreach (var h in hs) index.Add(h);

        var recent = RecentPlatelets(index, Centre, from: T.AddHours(-3), to: T);

        Assert.Equal(new[] { hs[3].Id, hs[2].Id, hs[1].Id }, recent.Select(h => h.Id));
    }

    [Fact]
    public void Recent_returns_the_newest_first_across_cells_and_at_most_take()
    {
        var index = new HemogramIndex();
        // Spread over several 0.5° cells (Contagem, 30 km south, 40 km east, 35 km north-west) and added out of time order.
        var places = new[] { Centre, North(Centre, -30), East(Centre, 40), North(East(Centre, -25), 25) };
        var minutesAgo = new[] { 70, 5, 300, 45, 12, 180, 33, 90, 1, 240, 60, 15 };
        var all = minutesAgo.Select((m, i) => Platelets(places[i % places.Length], T.AddMinutes(-m))).ToList();
        foreach (var h in all) index.Add(h);

        var recent = RecentPlatelets(index, Centre, take: 5);

        Assert.Equal(all.OrderByDescending(h => h.CollectedAt).Take(5).Select(h => h.Id), recent.Select(h => h.Id));
    }

    [Fact]
    public void Recent_only_returns_hemograms_that_measured_the_parameter()
    {
        var index = new HemogramIndex();
        var hemoglobinOnly = TestHemograms.Indexed(Centre, T.AddHours(-1), [new Measurement(HemogramParameter.Hemoglobin, 9)]);
        var both = TestHemograms.Indexed(Centre, T.AddHours(-2),
            [new Measurement(HemogramParameter.Hemoglobin, 14), new Measurement(HemogramParameter.Platelets, 200_000)]);
        index.Add(hemoglobinOnly);
        index.Add(both);

        Assert.Equal([both.Id], RecentPlatelets(index, Centre).Select(h => h.Id));
        Assert.Equal(new[] { hemoglobinOnly.Id, both.Id },
            index.Recent(Centre, 50, HemogramParameter.Hemoglobin, T.AddDays(-1), T, 10).Select(h => h.Id));
    }

    [Fact]
    public void Late_arrivals_are_placed_in_collection_order()
    {
        var index = new HemogramIndex();
        var first = Platelets(Centre, T.AddHours(-3));
        var third = Platelets(Centre, T.AddHours(-1));
        var second = Platelets(Centre, T.AddHours(-2));
        var oldest = Platelets(Centre, T.AddHours(-10));
        foreach (var h in new[] { first, third, second, oldest }) index.Add(h);

        Assert.Equal(new[] { third.Id, second.Id, first.Id, oldest.Id }, RecentPlatelets(index, Centre).Select(h => h.Id));
        Assert.Equal(new[] { third.Id, second.Id }, RecentPlatelets(index, Centre, take: 2).Select(h => h.Id));
        Assert.Equal(4, index.Count);
    }

    [Fact]
    public void Prune_drops_hemograms_collected_before_the_cutoff()
    {
        var index = new HemogramIndex();
        var old = Platelets(Centre, T.AddHours(-80));
        var edge = Platelets(North(Centre, 200), T.AddHours(-72));
        var fresh = Platelets(Centre, T.AddHours(-1));
        foreach (var h in new[] { fresh, old, edge }) index.Add(h);

        index.Prune(T.AddHours(-72));

        Assert.Equal(2, index.Count);
        Assert.Equal([fresh.Id], RecentPlatelets(index, Centre, from: T.AddDays(-10)).Select(h => h.Id));
        Assert.Equal(new[] { edge.Id, fresh.Id }.Order(), index.Where(_ => true, T.AddDays(-10), T).Select(h => h.Id).Order());
    }

    [Fact]
    public void Prune_of_everything_leaves_an_empty_index_that_still_accepts_hemograms()
    {
        var index = new HemogramIndex();
        index.Add(Platelets(Centre, T.AddHours(-5)));
        index.Prune(T);
        Assert.Equal(0, index.Count);

        var again = Platelets(Centre, T);
        index.Add(again);
        Assert.Equal([again.Id], RecentPlatelets(index, Centre).Select(h => h.Id));
    }

    [Fact]
    public void Where_scans_every_cell_within_the_time_range()
    {
        var index = new HemogramIndex();
        var lowHere = Platelets(Centre, T.AddHours(-1), low: true);
        var lowFar = Platelets(new GeoPoint(-3.7, -38.5), T.AddHours(-2), low: true); // Fortaleza
        var normal = Platelets(Centre, T.AddHours(-1));
        var lowTooOld = Platelets(Centre, T.AddHours(-30), low: true);
        foreach (var h in new[] { lowHere, lowFar, normal, lowTooOld }) index.Add(h);

        var low = new Condition(HemogramParameter.Platelets, Direction.Low);
        var found = index.Where(h => h.Has(low), T.AddHours(-24), T).Select(h => h.Id).Order();

        Assert.Equal(new[] { lowHere.Id, lowFar.Id }.Order(), found);
    }

    // The bounding box must not be smaller than the circle: a 111.32 km/° box once skipped this neighbouring cell.
    [Fact]
    public void Recent_finds_a_hemogram_just_inside_the_radius_across_a_cell_boundary()
    {
        var centre = new GeoPoint(-19.9494, -44.05);
        var justInside = Platelets(new GeoPoint(-19.4999, -44.05), T.AddHours(-1)); // in the next 0.5° cell north
        Assert.True(justInside.Location.DistanceKm(centre) < 50);
        var index = new HemogramIndex();
        index.Add(justInside);

        Assert.Equal([justInside.Id], RecentPlatelets(index, centre).Select(h => h.Id));
    }
}
