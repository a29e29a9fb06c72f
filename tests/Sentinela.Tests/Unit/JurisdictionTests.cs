using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Identity;

namespace Sentinela.Tests.Unit;

public sealed class JurisdictionTests
{
    static readonly MunicipalityTable Municipalities = MunicipalityTable.BuiltIn();
    static readonly AlertFootprints Footprints = new();
    const int Contagem = 3118601, BeloHorizonte = 3106200, Uberlandia = 3170206;

    [Theory]
    [InlineData("BR")]
    [InlineData("UF:31")]
    [InlineData("MUN:3118601")]
    public void Jurisdictions_round_trip_through_their_token_form(string text)
    {
        Assert.True(Jurisdiction.TryParse(text, out var j));
        Assert.Equal(text, j.ToString());
    }

    [Theory]
    [InlineData("UF:99")]
    [InlineData("MUN:123")]
    [InlineData("br")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_jurisdictions_are_refused(string? text) => Assert.False(Jurisdiction.TryParse(text, out _));

    [Fact]
    public void A_circle_alert_reaches_the_municipalities_whose_centroids_it_covers()
    {
        var aroundContagem = Footprints.Of(TestAlerts.Circle(Municipalities.Find(Contagem)!, radiusKm: 30));

        Assert.True(Jurisdiction.OfMunicipality(Contagem).Covers(aroundContagem));
        Assert.True(Jurisdiction.OfMunicipality(BeloHorizonte).Covers(aroundContagem));
        Assert.False(Jurisdiction.OfMunicipality(Uberlandia).Covers(aroundContagem));
        Assert.True(Jurisdiction.OfState(31).Covers(aroundContagem));
        Assert.False(Jurisdiction.OfState(35).Covers(aroundContagem));
        Assert.True(Jurisdiction.Country.Covers(aroundContagem));
    }

    [Fact]
    public void A_cluster_alert_reaches_exactly_the_municipalities_of_its_area_and_their_states()
    {
        var cluster = Footprints.Of(TestAlerts.Of([Contagem, Uberlandia]));

        Assert.True(Jurisdiction.OfMunicipality(Uberlandia).Covers(cluster));
        Assert.True(Jurisdiction.OfMunicipality(Contagem).Covers(cluster));
        Assert.False(Jurisdiction.OfMunicipality(BeloHorizonte).Covers(cluster));
        Assert.True(Jurisdiction.OfState(31).Covers(cluster));
        Assert.False(Jurisdiction.OfState(35).Covers(cluster));
    }
}
