using System.Collections.Concurrent;
using System.Net.Http.Json;
using Sentinela.Client;
using Sentinela.Server;
using Sentinela.Tests.Infrastructure;
using ServerAlerts = Sentinela.Server.Alerts;

namespace Sentinela.Tests.Delivery;

/// <summary>The .NET client SDK against the real server over real sockets, through a server restart.</summary>
public sealed class ClientSdkEndToEndTests
{
    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task Across_a_server_restart_the_app_sees_each_alert_version_at_most_once_in_order_and_the_newest(HubProtocol protocol)
    {
        var first = new RealtimeServer();
        var port = first.BaseAddress.Port;
        var seen = new ConcurrentQueue<(Guid Id, int Version, long Sequence)>();
        // Signed with the deployment's key, kept in its data: still valid for the restarted server.
        var token = first.Factory.TokenFor(Sentinela.Server.Identity.Role.MunicipalManager, Sentinela.Server.Identity.Jurisdiction.OfMunicipality(Outbreaks.Contagem), "gestora-contagem");
        await using var client = new SentinelaAlertClient(new SentinelaClientOptions
        {
            ServerUrl = first.BaseAddress,
            Protocol = protocol,
            AccessTokenProvider = () => Task.FromResult<string?>(token),
            ReconnectDelays = [TimeSpan.FromMilliseconds(200)],
        });
        client.AlertReceived += e => seen.Enqueue((e.Alert.Id, e.Alert.Version, e.Sequence));
        await client.ConnectAsync();
        await client.SubscribeAsync(WatchArea.ForMunicipality(Outbreaks.Contagem));

        var before = await Outbreaks.PlateletsLowInContagemAsync(first.Http, count: 30);
        await Eventually.WaitForAsync(() => Task.FromResult(client.LastSequence), s => s >= before.Sequence);

        // The server goes away; alerts are raised by its replacement, on the same port and data, before or after the client is back.
        await first.StopAsync();
        await using var second = new RealtimeServer(port: port, dataDirectory: first.Factory.DataDirectory);
        var after = await Outbreaks.PlateletsLowInContagemAsync(second.Http, count: 60);
        var history = (await second.Http.GetFromJsonAsync<ServerAlerts.AlertDetails>($"/api/alerts/{after.Id}", SentinelaJson.Options))!.History;
        await Eventually.WaitForAsync(() => Task.FromResult(client.LastSequence), s => s >= after.Sequence);

        Assert.True(after.Version > before.Version);
        // Every version once, in log order; a live version may be skipped only for a newer one of the same alert sent in
        // the same fan-out tick, so each alert's newest version always arrives.
        var logged = history.Select(v => (v.Id, v.Version, v.Sequence)).ToList();
        Assert.Equal(seen.Distinct().OrderBy(v => v.Sequence), seen);
        Assert.All(seen, v => Assert.Contains(v, logged));
        Assert.Equal(logged[^1], seen.Last());
        Assert.Equal(after.Sequence, client.LastSequence);
    }
}
