using System.Text;
using Sentinela.Geography;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Unit;

public sealed class GeographyTests
{
    const double MeanEarthRadiusKm = 6371.0088;

    [Fact]
    public void Distance_to_the_same_point_is_zero_and_distance_is_symmetric()
    {
        var a = new GeoPoint(-19.9321, -44.0539);
        var b = new GeoPoint(-18.9141, -48.2749);

        Assert.Equal(0, a.DistanceKm(a), 9);
        Assert.Equal(a.DistanceKm(b), b.DistanceKm(a), 9);
    }

    [Fact]
    public void One_degree_along_a_meridian_is_one_360th_of_the_circumference()
    {
        var expected = 2 * Math.PI * MeanEarthRadiusKm / 360;

        Assert.Equal(expected, new GeoPoint(-20, -44).DistanceKm(new GeoPoint(-19, -44)), 6);
    }

    [Fact]
    public void Quarter_of_the_equator_and_antipodes_match_the_sphere()
    {
        Assert.Equal(Math.PI * MeanEarthRadiusKm / 2, new GeoPoint(0, 0).DistanceKm(new GeoPoint(0, 90)), 6);
        // asin is ill-conditioned next to 1, so antipodes are only good to a metre.
        Assert.Equal(Math.PI * MeanEarthRadiusKm, new GeoPoint(10, 20).DistanceKm(new GeoPoint(-10, -160)), 0.001);
    }

    [Fact]
    public void Sao_Paulo_to_Rio_de_Janeiro_is_about_358_km()
    {
        // City centroids; published great-circle distance between the two centres is about 357–361 km.
        var saoPaulo = new GeoPoint(-23.5329, -46.6395);
        var rio = new GeoPoint(-22.9129, -43.2003);

        Assert.InRange(saoPaulo.DistanceKm(rio), 355, 362);
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(90, 180, true)]
    [InlineData(-90, -180, true)]
    [InlineData(90.0001, 0, false)]
    [InlineData(0, -180.0001, false)]
    [InlineData(double.NaN, 0, false)]
    [InlineData(0, double.PositiveInfinity, false)]
    public void Validity_requires_latitude_and_longitude_in_range(double lat, double lon, bool valid)
    {
        Assert.Equal(valid, new GeoPoint(lat, lon).IsValid);
    }

    [Fact]
    public void Coarsen_rounds_to_the_given_decimals()
    {
        Assert.Equal(new GeoPoint(-19.93, -44.06), new GeoPoint(-19.934567, -44.056789).Coarsen(2));
        Assert.Equal(new GeoPoint(-19.9, -44.1), new GeoPoint(-19.934567, -44.056789).Coarsen(1));
    }

    [Theory]
    [InlineData(0.0, 50.0)]
    [InlineData(-19.9, 50.0)]
    [InlineData(-19.9, 300.0)]
    [InlineData(-33.7, 15.0)]
    [InlineData(5.2, 300.0)]
    public void Bounding_box_contains_every_point_of_the_circle(double latitude, double km)
    {
        var centre = new GeoPoint(latitude, -50.0);
        var (latDegrees, lonDegrees) = centre.DegreesFor(km);

        // Walk the circle's edge (just inside it) and check every point falls in the box.
        var delta = km * 0.9999 / MeanEarthRadiusKm;
        var phi1 = latitude * Math.PI / 180;
        for (var bearingDegrees = 0; bearingDegrees < 360; bearingDegrees += 2)
        {
            var theta = bearingDegrees * Math.PI / 180;
            var phi2 = Math.Asin(Math.Sin(phi1) * Math.Cos(delta) + Math.Cos(phi1) * Math.Sin(delta) * Math.Cos(theta));
            var lambda2 = Math.Atan2(Math.Sin(theta) * Math.Sin(delta) * Math.Cos(phi1), Math.Cos(delta) - Math.Sin(phi1) * Math.Sin(phi2));
            var edge = new GeoPoint(phi2 * 180 / Math.PI, centre.Longitude + lambda2 * 180 / Math.PI);

            Assert.True(edge.DistanceKm(centre) < km);
            Assert.True(Math.Abs(edge.Latitude - centre.Latitude) <= latDegrees, $"bearing {bearingDegrees}: latitude outside the box");
            Assert.True(Math.Abs(edge.Longitude - centre.Longitude) <= lonDegrees, $"bearing {bearingDegrees}: longitude outside the box");
        }
    }

    // ---- municipality table ----

    static readonly MunicipalityTable Table = ReferenceData.Municipalities;

    [Theory]
    [InlineData(3118601, "Contagem")]
    [InlineData(311860, "Contagem")]
    [InlineData(3106200, "Belo Horizonte")]
    [InlineData(310620, "Belo Horizonte")]
    [InlineData(3170206, "Uberlândia")]
    [InlineData(5300108, "Brasília")]
    public void Find_accepts_seven_digit_codes_and_six_digit_codes_without_check_digit(int code, string name)
    {
        Assert.Equal(name, Table.Find(code)?.Name);
    }

    [Theory]
    [InlineData(3118600)] // wrong check digit
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(99999)]
    [InlineData(999999)]
    [InlineData(31186010)]
    [InlineData(-3118601)]
    public void Find_returns_nothing_for_unknown_or_malformed_codes(int code)
    {
        Assert.Null(Table.Find(code));
    }

    [Fact]
    public void Municipality_knows_its_state()
    {
        var contagem = Table.Find(3118601)!;

        Assert.Equal(31, contagem.StateCode);
        Assert.Equal("MG", contagem.State.Abbreviation);
        Assert.False(contagem.IsCapital);
        Assert.True(Table.Find(3106200)!.IsCapital);
    }

    [Theory]
    [InlineData(-19.9330, -44.0550, 3118601)] // beside Contagem's centroid
    [InlineData(-19.9110, -43.9270, 3106200)] // beside Belo Horizonte's
    [InlineData(-18.9150, -48.2760, 3170206)] // beside Uberlândia's
    public void Nearest_is_the_municipality_with_the_closest_centroid(double lat, double lon, int expected)
    {
        Assert.Equal(expected, Table.Nearest(new GeoPoint(lat, lon))?.IbgeCode);
    }

    [Fact]
    public void Nearest_in_an_empty_table_is_nothing()
    {
        Assert.Null(new MunicipalityTable([]).Nearest(new GeoPoint(0, 0)));
    }

    [Fact]
    public void In_state_lists_only_that_states_municipalities()
    {
        var mg = Table.InState(31).ToList();

        Assert.NotEmpty(mg);
        Assert.All(mg, m => Assert.Equal(31, m.IbgeCode / 100_000));
        Assert.Contains(mg, m => m.IbgeCode == 3118601);
        Assert.DoesNotContain(mg, m => m.IbgeCode == 3550308);
    }

    [Fact]
    public void Reference_table_is_the_full_ibge_list_when_the_shared_data_is_present()
    {
        // 5,570 municipalities plus the state district of Fernando de Noronha (2605459), which the source dataset lists too.
        var expected = ReferenceData.MunicipalitiesFile is null ? MunicipalityTable.BuiltIn().All.Count : 5571;

        Assert.Equal(expected, Table.All.Count);
        Assert.Equal(27, Table.All.Select(m => m.StateCode).Distinct().Count());
    }

    [Fact]
    public void Load_reads_the_columns_by_name_ignores_extra_ones_and_honours_quotes()
    {
        const string csv = """
            nome,codigo_uf,codigo_ibge,extra,latitude,longitude,capital
            "Contagem",31,3118601,x,-19.9321,-44.0539,0
            "Embu, das Artes (quoted comma)",35,3515004,y,-23.6437,-46.8579,0
            Belo Horizonte,31,3106200,z,-19.9102,-43.9266,1
            """;

        var table = MunicipalityTable.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal(new[] { 3106200, 3118601, 3515004 }, table.All.Select(m => m.IbgeCode));
        var embu = table.Find(3515004)!;
        Assert.Equal("Embu, das Artes (quoted comma)", embu.Name);
        Assert.Equal(new GeoPoint(-23.6437, -46.8579), embu.Centroid);
        Assert.Equal(35, embu.StateCode);
        Assert.True(table.Find(3106200)!.IsCapital);
        Assert.Equal("Contagem", table.Find(311860)?.Name);
    }

    [Fact]
    public void Load_refuses_a_file_without_a_required_column()
    {
        const string csv = "codigo_ibge,nome,latitude,longitude,codigo_uf\n3118601,Contagem,-19.9,-44.0,31\n";

        var error = Assert.Throws<FormatException>(() => MunicipalityTable.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv))));

        Assert.Contains("capital", error.Message);
    }

    [Fact]
    public void Built_in_list_has_the_27_capitals()
    {
        var builtIn = MunicipalityTable.BuiltIn();

        Assert.Equal(27, builtIn.All.Count(m => m.IsCapital));
        Assert.Equal(27, builtIn.All.Where(m => m.IsCapital).Select(m => m.StateCode).Distinct().Count());
        Assert.NotNull(builtIn.Find(3118601));
    }

    [Theory]
    [InlineData("MG", 31)]
    [InlineData("mg", 31)]
    [InlineData("31", 31)]
    [InlineData("DF", 53)]
    public void State_is_found_by_abbreviation_or_code(string key, int code)
    {
        Assert.True(BrazilianState.TryFind(key, out var state));
        Assert.Equal(code, state.Code);
    }

    [Fact]
    public void Unknown_state_codes_are_refused()
    {
        Assert.False(BrazilianState.TryFind("XX", out _));
        Assert.False(BrazilianState.TryFind("99", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => BrazilianState.FromCode(30));
        Assert.Equal(27, BrazilianState.All.Count);
    }

    [Theory]
    [InlineData("São Paulo", "SP", 3550308)]
    [InlineData("SAO PAULO", "sp", 3550308)]
    [InlineData("sao paulo", "35", 3550308)]
    [InlineData("Goiânia", "Goiás", 5208707)]
    [InlineData("GOIANIA", "GO", 5208707)]
    [InlineData("Santa Bárbara d'Oeste", "SP", 3545803)]
    public void A_municipality_is_found_by_city_and_state_whatever_the_accents_and_case(string city, string state, int expected)
    {
        Assert.Equal(expected, ReferenceData.Municipalities.FindByName(city, state)?.IbgeCode);
    }

    [Theory]
    [InlineData("São Paulo", null)]
    [InlineData("São Paulo", "RJ")]
    [InlineData("Cidade Inexistente", "MG")]
    public void A_city_without_its_state_or_in_another_state_is_not_found(string city, string? state)
    {
        Assert.Null(ReferenceData.Municipalities.FindByName(city, state));
    }
}
