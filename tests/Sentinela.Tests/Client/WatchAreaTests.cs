using Sentinela.Client;

namespace Sentinela.Tests.Client;

public sealed class WatchAreaTests
{
    [Fact]
    public void Each_kind_of_place_is_valid_on_its_own()
    {
        WatchArea.ForCircle(-19.93, -44.05, 50).Validate();
        WatchArea.ForMunicipality(3118601, [AlertEventTypes.Raised, AlertEventTypes.Resolved]).Validate();
        WatchArea.ForState(" mg ").Validate();
        Assert.Equal("MG", WatchArea.ForState(" mg ").State);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_areas_are_refused_before_reaching_the_server(WatchArea area)
    {
        Assert.Throws<ArgumentException>(area.Validate);
    }

    public static TheoryData<WatchArea> Malformed() =>
    [
        new WatchArea(),
        new WatchArea { MunicipalityCode = 3118601, State = "MG" },
        WatchArea.ForCircle(-19.93, -44.05, 50) with { State = "MG" },
        new WatchArea { Latitude = -19.93, Longitude = -44.05 },
        WatchArea.ForCircle(-91, -44.05, 50),
        WatchArea.ForCircle(-19.93, 181, 50),
        WatchArea.ForCircle(-19.93, -44.05, 0),
        WatchArea.ForCircle(double.NaN, -44.05, 50),
        WatchArea.ForMunicipality(311860),
        WatchArea.ForState("MGS"),
        new WatchArea { State = "m1" },
        WatchArea.ForState("MG", []),
        WatchArea.ForState("MG", ["created"]),
    ];

    [Fact]
    public void Hub_url_is_under_the_server_url()
    {
        var plain = new SentinelaClientOptions { ServerUrl = new Uri("http://127.0.0.1:5080") };
        var based = new SentinelaClientOptions { ServerUrl = new Uri("https://vigilancia.example/sentinela") };

        Assert.Equal("http://127.0.0.1:5080/hubs/alerts", plain.HubUrl().AbsoluteUri);
        Assert.Equal("https://vigilancia.example/sentinela/hubs/alerts", based.HubUrl().AbsoluteUri);
    }
}
