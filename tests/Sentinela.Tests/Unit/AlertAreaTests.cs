using Sentinela.Geography;
using Sentinela.Server.Alerts;

namespace Sentinela.Tests.Unit;

public sealed class AlertAreaTests
{
    static readonly GeoPoint ContagemCentre = new(-19.9321, -44.0539);
    static readonly GeoPoint UberlandiaCentre = new(-18.9141, -48.2749);

    static AlertArea Circle(GeoPoint centre, double km, int state = 31, int? municipality = 3118601) =>
        new(AreaKind.Circle, centre, km, state, "MG", municipality, "Contagem");

    static AlertArea Municipality(GeoPoint centre, int code, double km = 15, int state = 31) =>
        new(AreaKind.Municipality, centre, km, state, "MG", code, "X");

    static AlertArea State(int code) => new(AreaKind.State, default, 300, code, code == 31 ? "MG" : "SP", null, null);

    [Fact]
    public void Circles_overlap_when_centres_are_within_the_sum_of_the_radii()
    {
        var a = Circle(ContagemCentre, 50);
        var d = 2 * Math.PI * 6371.0088 / 360; // km per degree of latitude
        var touching = Circle(new GeoPoint(ContagemCentre.Latitude + 99.9 / d, ContagemCentre.Longitude), 50);
        var apart = Circle(new GeoPoint(ContagemCentre.Latitude + 100.1 / d, ContagemCentre.Longitude), 50);

        Assert.True(a.Overlaps(touching));
        Assert.True(touching.Overlaps(a));
        Assert.False(a.Overlaps(apart));
        Assert.False(a.Overlaps(Circle(UberlandiaCentre, 50)));
    }

    [Fact]
    public void A_municipality_overlaps_a_circle_it_touches()
    {
        Assert.True(Municipality(ContagemCentre, 3118601).Overlaps(Circle(new GeoPoint(-19.93, -44.05), 50)));
        Assert.False(Municipality(UberlandiaCentre, 3170206).Overlaps(Circle(ContagemCentre, 50)));
    }

    [Fact]
    public void A_state_overlaps_anything_in_the_same_state_and_nothing_elsewhere()
    {
        Assert.True(State(31).Overlaps(Circle(UberlandiaCentre, 50)));
        Assert.True(Circle(ContagemCentre, 50).Overlaps(State(31)));
        Assert.True(State(31).Overlaps(Municipality(ContagemCentre, 3118601)));
        Assert.False(State(35).Overlaps(Circle(ContagemCentre, 50)));
        Assert.False(State(35).Overlaps(State(31)));
    }

    [Fact]
    public void Circle_contains_points_within_its_radius_whatever_their_municipality()
    {
        var area = Circle(ContagemCentre, 50);
        var beloHorizonte = new GeoPoint(-19.9102, -43.9266); // ~13.5 km away

        Assert.True(area.Contains(beloHorizonte, 3106200, 31));
        Assert.False(area.Contains(UberlandiaCentre, 3118601, 31)); // the code does not matter, the distance does
    }

    [Fact]
    public void Municipality_contains_cases_by_code_and_state_by_state_code()
    {
        var municipality = Municipality(ContagemCentre, 3118601);

        Assert.True(municipality.Contains(UberlandiaCentre, 3118601, 31));
        Assert.False(municipality.Contains(ContagemCentre, 3106200, 31));
        Assert.True(State(31).Contains(UberlandiaCentre, 3170206, 31));
        Assert.False(State(31).Contains(ContagemCentre, 3550308, 35));
    }
}
