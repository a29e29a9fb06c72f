using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Delivery;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Identity;

/// <summary>A municipal manager sees their municipality's alerts on every channel, and nothing of anyone else's.</summary>
public sealed class JurisdictionTests
{
    static readonly Jurisdiction ContagemOnly = Jurisdiction.OfMunicipality(Outbreaks.Contagem);

    [Fact]
    public async Task A_Contagem_manager_never_receives_lists_or_replays_an_alert_outside_their_jurisdiction()
    {
        await using var server = new RealtimeServer();
        // Live: the widest circle their jurisdiction allows to start from, reaching Uberlândia 500 km away.
        await using var live = await server.ConnectAsync("gestor-contagem", Role.MunicipalManager, ContagemOnly);
        await live.WatchAsync(new WatchArea { Latitude = -19.93, Longitude = -44.05, RadiusKm = 1000 });
        await using var admin = await server.ConnectAsync("admin-br");
        await admin.WatchAsync(new WatchArea { State = "MG" });

        var far = await Outbreaks.PlateletsLowAsync(server.Http, Outbreaks.Uberlandia, count: 30);
        var own = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 30);
        await live.SyncAsync();
        await admin.SyncAsync();

        Assert.Contains(admin.Alerts, e => e.Alert.Id == far.Id);
        Assert.Contains(live.Alerts, e => e.Alert.Id == own.Id);
        Assert.DoesNotContain(live.Alerts, e => e.Alert.Id == far.Id);

        // Replay after a reconnect: the whole log from the start, still only their own.
        await using var resumed = await server.ConnectAsync("gestor-contagem", Role.MunicipalManager, ContagemOnly);
        await resumed.WatchAsync(new WatchArea { Latitude = -19.93, Longitude = -44.05, RadiusKm = 1000 });
        var result = await resumed.Connection.InvokeAsync<ResumeResult>("Resume", 0L);
        await resumed.SyncAsync();
        Assert.True(result.Replayed > 0);
        Assert.All(resumed.Alerts, e => Assert.Equal(own.Id, e.Alert.Id));

        // REST: the list, the details, the FHIR Communication.
        using var rest = ClientFor(server, server.Factory.TokenFor(Role.MunicipalManager, ContagemOnly, "gestor-contagem"));
        var list = (await rest.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!;
        Assert.Equal([own.Id], list.Items.Select(a => a.Id).Distinct());
        var everything = (await server.Http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!;
        Assert.Contains(everything.Items, a => a.Id == far.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await rest.GetAsync($"/api/alerts/{far.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rest.GetAsync($"/fhir/Communication/{far.Id}")).StatusCode);
        var details = (await rest.GetFromJsonAsync<AlertDetails>($"/api/alerts/{own.Id}", SentinelaJson.Options))!;
        Assert.NotEmpty(details.Evidence);
        Assert.All(details.Evidence, e => Assert.Equal(Outbreaks.Contagem, e.MunicipalityCode));
    }

    [Fact]
    public async Task A_watch_area_outside_the_jurisdiction_is_refused()
    {
        await using var server = new RealtimeServer();
        await using var manager = await server.ConnectAsync("gestor-contagem", Role.MunicipalManager, ContagemOnly);

        await Assert.ThrowsAsync<HubException>(() => manager.WatchAsync(new WatchArea { State = "MG" }));
        await Assert.ThrowsAsync<HubException>(() => manager.WatchAsync(new WatchArea { MunicipalityCode = 3106200 }));
        await Assert.ThrowsAsync<HubException>(() => manager.WatchAsync(new WatchArea { Latitude = -18.91, Longitude = -48.27, RadiusKm = 10 }));
        Assert.Equal(Outbreaks.Contagem, (await manager.WatchAsync(new WatchArea { MunicipalityCode = Outbreaks.Contagem })).MunicipalityCode);

        await using var coordinator = await server.ConnectAsync("coordenador-sp", Role.StateCoordinator, Jurisdiction.OfState(35));
        await Assert.ThrowsAsync<HubException>(() => coordinator.WatchAsync(new WatchArea { State = "MG" }));
        Assert.Equal("SP", (await coordinator.WatchAsync(new WatchArea { State = "SP" })).State);
    }

    [Fact]
    public async Task A_state_coordinator_lists_the_alerts_of_their_state_only()
    {
        await using var server = new RealtimeServer();
        var mg = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 30);

        using var minas = ClientFor(server, server.Factory.TokenFor(Role.StateCoordinator, Jurisdiction.OfState(31), "coordenador-mg"));
        using var saoPaulo = ClientFor(server, server.Factory.TokenFor(Role.StateCoordinator, Jurisdiction.OfState(35), "coordenador-sp"));

        Assert.Contains((await minas.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!.Items, a => a.Id == mg.Id);
        Assert.Empty((await saoPaulo.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!.Items);
        Assert.Equal(HttpStatusCode.NotFound, (await saoPaulo.GetAsync($"/api/alerts/{mg.Id}")).StatusCode);
    }

    internal static HttpClient ClientFor(RealtimeServer server, string token) =>
        new() { BaseAddress = server.BaseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
}
