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
    public void A_circle_absorbs_signals_centred_inside_it_but_not_ones_that_only_touch_it()
    {
        var a = Circle(ContagemCentre, 50);
        var d = 2 * Math.PI * 6371.0088 / 360; // km per degree of latitude
        var inside = Circle(new GeoPoint(ContagemCentre.Latitude + 49.9 / d, ContagemCentre.Longitude), 50);
        var touching = Circle(new GeoPoint(ContagemCentre.Latitude + 99.9 / d, ContagemCentre.Longitude), 50);

        Assert.True(a.Absorbs(inside));
        Assert.True(a.Absorbs(Municipality(ContagemCentre, 3118601)));
        Assert.False(a.Absorbs(touching));
        Assert.False(a.Absorbs(Circle(UberlandiaCentre, 50)));
    }

    [Fact]
    public void State_areas_absorb_and_are_absorbed_within_their_state_only()
    {
        Assert.True(State(31).Absorbs(Circle(UberlandiaCentre, 50)));
        Assert.True(Circle(ContagemCentre, 50).Absorbs(State(31)));
        Assert.False(State(35).Absorbs(Circle(ContagemCentre, 50)));
        Assert.False(State(35).Absorbs(State(31)));
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
