using System.Net;
using System.Net.Http.Json;
using Sentinela.Server;
using Sentinela.Server.Dashboard;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;
using static Sentinela.Tests.Dashboard.Clients;

namespace Sentinela.Tests.Dashboard;

/// <summary>The choropleth's data: observed against the learned baseline's expectation per municipality, within the reader's jurisdiction.</summary>
public sealed class ExcessMapTests : ServerTest
{
    const string PlateletsLow = "/api/map/municipalities?parameter=platelets&direction=low";

    [Fact]
    public async Task Each_municipality_with_tests_gets_its_observed_and_expected_counts_within_the_jurisdiction()
    {
        await Outbreaks.PostPlateletsAsync(Http, Outbreaks.Contagem, count: 10);
        await Outbreaks.PostPlateletsAsync(Http, Outbreaks.Uberlandia, count: 4);
        await Decisions.DecideNowAsync(Factory.Services);
        using var contagem = Manager(Factory, Contagem, "gestora-contagem");
        using var minas = User(Factory, Role.StateCoordinator, Jurisdiction.OfState(31), "coordenador-mg");
        using var saoPaulo = User(Factory, Role.StateCoordinator, Jurisdiction.OfState(35), "coordenador-sp");

        var everywhere = (await Http.GetFromJsonAsync<ExcessMap>(PlateletsLow + "&days=7", SentinelaJson.Options))!;
        var state = (await minas.GetFromJsonAsync<ExcessMap>(PlateletsLow + "&state=MG", SentinelaJson.Options))!;
        var own = (await contagem.GetFromJsonAsync<ExcessMap>(PlateletsLow, SentinelaJson.Options))!;
        var high = (await Http.GetFromJsonAsync<ExcessMap>("/api/map/municipalities?parameter=platelets&direction=high", SentinelaJson.Options))!;
        var none = (await saoPaulo.GetFromJsonAsync<ExcessMap>(PlateletsLow, SentinelaJson.Options))!;

        Assert.Equal(("platelets", "low", 7), (everywhere.Parameter, everywhere.Direction, everywhere.Days));
        Assert.NotNull(everywhere.AsOf);
        Assert.Equal([(Outbreaks.Contagem, "Contagem", 10, 5), (Outbreaks.Uberlandia, "Uberlândia", 4, 2)],
            everywhere.Municipalities.Select(m => (m.MunicipalityCode, m.Name, m.Tests, m.Observed)));
        Assert.All(everywhere.Municipalities, m =>
        {
            // Half the tests low is far above any learned share of low platelets.
            Assert.InRange(m.Expected, 1e-6, m.Observed / 2.0);
            Assert.Equal(m.Observed / m.Expected, m.Ratio!.Value, 0.01 * m.Ratio.Value);
            Assert.InRange(m.PValue, 0, 0.05);
        });
        Assert.Equal(everywhere.Municipalities.Select(m => m.MunicipalityCode), state.Municipalities.Select(m => m.MunicipalityCode));
        Assert.Equal(Outbreaks.Contagem, Assert.Single(own.Municipalities).MunicipalityCode);
        Assert.All(high.Municipalities, m => Assert.Equal((0, 1.0), (m.Observed, m.PValue)));
        Assert.Empty(none.Municipalities);
    }

    [Fact]
    public async Task The_numbers_follow_each_decision()
    {
        await Outbreaks.PostPlateletsAsync(Http, Outbreaks.Contagem, count: 10);
        await Decisions.DecideNowAsync(Factory.Services);
        var before = (await Http.GetFromJsonAsync<ExcessMap>(PlateletsLow, SentinelaJson.Options))!;
        await Outbreaks.PostPlateletsAsync(Http, Outbreaks.Contagem, count: 6);
        await Decisions.DecideNowAsync(Factory.Services);
        var after = (await Http.GetFromJsonAsync<ExcessMap>(PlateletsLow, SentinelaJson.Options))!;

        var (b, a) = (Assert.Single(before.Municipalities), Assert.Single(after.Municipalities));
        Assert.Equal(((10, 5), (16, 8)), ((b.Tests, b.Observed), (a.Tests, a.Observed)));
        Assert.True(after.AsOf > before.AsOf);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?parameter=platelets")]
    [InlineData("?parameter=platelets&direction=down")]
    [InlineData("?parameter=plaquetas&direction=low")]
    [InlineData("?parameter=2&direction=low")]
    [InlineData("?parameter=platelets&direction=low&days=0")]
    [InlineData("?parameter=platelets&direction=low&days=29")]
    [InlineData("?parameter=platelets&direction=low&days=99999999999")]
    [InlineData("?parameter=platelets&direction=low&days=abc")]
    [InlineData("?parameter=platelets&direction=low&state=ZZ")]
    [InlineData("?parameter=platelets&direction=low&municipality=123")]
    [InlineData("?parameter=platelets&direction=low&direction=high")]
    [InlineData("?parameter=platelets&direction=low&state=MG&state=SP")]
    public async Task Malformed_oversized_or_repeated_parameters_are_400(string query)
    {
        var response = await Http.GetAsync("/api/map/municipalities" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_excess_map_is_for_managers_within_their_jurisdiction()
    {
        using var anonymous = Factory.CreateAnonymousClient();
        using var lab = await LabAsync(Factory);
        using var contagem = Manager(Factory, Contagem, "gestora-contagem");
        using var minas = User(Factory, Role.StateCoordinator, Jurisdiction.OfState(31), "coordenador-mg");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(PlateletsLow)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.GetAsync(PlateletsLow)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contagem.GetAsync(PlateletsLow + "&municipality=3170206")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contagem.GetAsync(PlateletsLow + "&state=SP")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await minas.GetAsync(PlateletsLow + "&state=SP")).StatusCode);
    }
}
