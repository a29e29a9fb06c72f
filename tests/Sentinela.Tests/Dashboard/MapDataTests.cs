using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Geography;
using Sentinela.Server;
using Sentinela.Server.Dashboard;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;
using static Sentinela.Tests.Dashboard.Clients;

namespace Sentinela.Tests.Dashboard;

/// <summary>The map's data — municipality centroids and abnormal-hemogram density — only within the reader's jurisdiction.</summary>
public sealed class MapDataTests : ServerTest
{
    [Fact]
    public async Task Each_reader_gets_the_municipalities_of_their_jurisdiction()
    {
        var table = Factory.Services.GetRequiredService<MunicipalityTable>();
        using var minas = User(Factory, Role.StateCoordinator, Jurisdiction.OfState(31), "coordenador-mg");
        using var contagem = Manager(Factory, Contagem, "gestora-contagem");

        var all = await Http.GetFromJsonAsync<IReadOnlyList<MunicipalityPoint>>("/api/geography/municipalities", SentinelaJson.Options);
        var sp = await Http.GetFromJsonAsync<IReadOnlyList<MunicipalityPoint>>("/api/geography/municipalities?state=SP", SentinelaJson.Options);
        var mg = await minas.GetFromJsonAsync<IReadOnlyList<MunicipalityPoint>>("/api/geography/municipalities", SentinelaJson.Options);
        var own = await contagem.GetFromJsonAsync<IReadOnlyList<MunicipalityPoint>>("/api/geography/municipalities?state=31", SentinelaJson.Options);

        Assert.Equal(table.All.Count, all!.Count);
        Assert.All(sp!, m => Assert.Equal("SP", m.State));
        Assert.Equal(table.InState(31).Count(), mg!.Count);
        var m = Assert.Single(own!);
        Assert.Equal((Outbreaks.Contagem, "Contagem", "MG"), (m.Code, m.Name, m.State));
        Assert.Equal(HttpStatusCode.Forbidden, (await minas.GetAsync("/api/geography/municipalities?state=SP")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contagem.GetAsync("/api/geography/municipalities?state=SP")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("/api/geography/municipalities?state=XX")).StatusCode);
    }

    [Fact]
    public async Task Density_counts_measured_and_abnormal_hemograms_per_municipality_within_the_jurisdiction()
    {
        await Outbreaks.PostPlateletsAsync(Http, Outbreaks.Contagem, count: 10);
        await Outbreaks.PostPlateletsAsync(Http, Outbreaks.Uberlandia, count: 4);
        using var contagem = Manager(Factory, Contagem, "gestora-contagem");
        using var minas = User(Factory, Role.StateCoordinator, Jurisdiction.OfState(31), "coordenador-mg");
        using var saoPaulo = User(Factory, Role.StateCoordinator, Jurisdiction.OfState(35), "coordenador-sp");

        var everywhere = (await Http.GetFromJsonAsync<IReadOnlyList<DensityPoint>>("/api/hemograms/density?parameter=platelets&hours=24", SentinelaJson.Options))!;
        var own = (await contagem.GetFromJsonAsync<IReadOnlyList<DensityPoint>>("/api/hemograms/density?parameter=platelets", SentinelaJson.Options))!;
        var state = (await minas.GetFromJsonAsync<IReadOnlyList<DensityPoint>>("/api/hemograms/density?parameter=platelets&municipality=3170206", SentinelaJson.Options))!;
        var high = (await Http.GetFromJsonAsync<IReadOnlyList<DensityPoint>>("/api/hemograms/density?parameter=platelets&direction=high", SentinelaJson.Options))!;
        var other = (await Http.GetFromJsonAsync<IReadOnlyList<DensityPoint>>("/api/hemograms/density?parameter=eosinophils", SentinelaJson.Options))!;
        var none = (await saoPaulo.GetFromJsonAsync<IReadOnlyList<DensityPoint>>("/api/hemograms/density?parameter=platelets", SentinelaJson.Options))!;

        Assert.Equal([(Outbreaks.Contagem, 10, 5), (Outbreaks.Uberlandia, 4, 2)], everywhere.Select(d => (d.MunicipalityCode, d.Total, d.Abnormal)));
        var c = Assert.Single(own);
        Assert.Equal((Outbreaks.Contagem, "Contagem", 10, 5), (c.MunicipalityCode, c.Name, c.Total, c.Abnormal));
        Assert.Equal([(Outbreaks.Uberlandia, 4, 2)], state.Select(d => (d.MunicipalityCode, d.Total, d.Abnormal)));
        Assert.All(high, d => Assert.Equal(0, d.Abnormal));
        Assert.All(other, d => Assert.Equal(0, d.Abnormal));
        Assert.Empty(none);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?parameter=")]
    [InlineData("?parameter=plaquetas")]
    [InlineData("?parameter=2")]
    [InlineData("?parameter=platelets&hours=0")]
    [InlineData("?parameter=platelets&hours=169")]
    [InlineData("?parameter=platelets&hours=99999999999")]
    [InlineData("?parameter=platelets&hours=abc")]
    [InlineData("?parameter=platelets&direction=down")]
    [InlineData("?parameter=platelets&state=ZZ")]
    [InlineData("?parameter=platelets&municipality=123")]
    [InlineData("?parameter=platelets&parameter=hemoglobin")]
    public async Task Malformed_or_repeated_density_parameters_are_400(string query)
    {
        var response = await Http.GetAsync("/api/hemograms/density" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Map_data_is_for_managers_within_their_jurisdiction()
    {
        using var anonymous = Factory.CreateAnonymousClient();
        using var lab = await LabAsync(Factory);
        using var contagem = Manager(Factory, Contagem, "gestora-contagem");

        foreach (var url in new[] { "/api/geography/municipalities", "/api/hemograms/density?parameter=platelets" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await lab.GetAsync(url)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await contagem.GetAsync("/api/hemograms/density?parameter=platelets&municipality=3170206")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contagem.GetAsync("/api/hemograms/density?parameter=platelets&state=SP")).StatusCode);
    }
}
