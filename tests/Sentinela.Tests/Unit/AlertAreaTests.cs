using Sentinela.Server.Alerts;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Unit;

public sealed class AlertAreaTests
{
    const int Contagem = 3118601, BeloHorizonte = 3106200, Betim = 3106705;

    [Fact]
    public void One_municipality_is_drawn_as_its_centroid_with_the_municipality_radius()
    {
        var area = AlertArea.Of([Contagem], ReferenceData.Municipalities, 10);

        Assert.Equal(AreaKind.Municipality, area.Kind);
        Assert.Equal(ReferenceData.Municipalities.Find(Contagem)!.Centroid, area.Centre);
        Assert.Equal(10, area.RadiusKm);
        Assert.Equal((31, "MG", Contagem, "Contagem"), (area.StateCode, area.StateAbbreviation, area.MunicipalityCode, area.MunicipalityName));
        Assert.Equal([Contagem], area.Municipalities);
        Assert.Equal("Contagem/MG", area.PortugueseName);
    }

    [Fact]
    public void A_cluster_is_centred_on_its_core_and_its_circle_covers_every_member_centroid()
    {
        var area = AlertArea.Of([Contagem, BeloHorizonte, Betim], ReferenceData.Municipalities, 10);
        var core = ReferenceData.Municipalities.Find(Contagem)!.Centroid;

        Assert.Equal(AreaKind.Cluster, area.Kind);
        Assert.Equal(core, area.Centre);
        Assert.All([BeloHorizonte, Betim], m => Assert.True(ReferenceData.Municipalities.Find(m)!.Centroid.DistanceKm(core) <= area.RadiusKm - 10));
        Assert.Equal([Contagem, BeloHorizonte, Betim], area.Municipalities);
        Assert.Equal("Contagem/MG e mais 2 municípios", area.PortugueseName);
    }
}
