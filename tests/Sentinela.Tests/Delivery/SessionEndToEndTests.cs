using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Client;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Delivery;

/// <summary>The SDK's session: logs in with CPF and password, refreshes before expiry, feeds the real-time client, logs out.</summary>
public sealed class SessionEndToEndTests
{
    [Fact]
    public async Task A_logged_in_session_refreshes_its_token_and_the_client_receives_alerts_with_it()
    {
        // Tokens shorter than the session's one-minute refresh margin: every call refreshes (and rotates the refresh token).
        await using var server = new RealtimeServer(new() { ["Sentinela:Identity:AccessTokenLifetime"] = "00:00:50" });
        await server.Factory.Services.GetRequiredService<Accounts>().CreateUserAsync(
            new NewUser("529.982.247-25", "Gestora de Contagem", "uma senha bem longa", Role.MunicipalManager, MunicipalityCode: Outbreaks.Contagem), default);

        var session = await SentinelaSession.LoginAsync(server.BaseAddress, "52998224725", "uma senha bem longa");
        var first = await session.GetAccessTokenAsync();
        var second = await session.GetAccessTokenAsync();
        Assert.NotEqual(first, second);

        await using var client = new SentinelaAlertClient(new SentinelaClientOptions { ServerUrl = server.BaseAddress, AccessTokenProvider = session.GetAccessTokenAsync });
        var received = new TaskCompletionSource<AlertEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.AlertReceived += e => received.TrySetResult(e);
        await client.ConnectAsync();
        await client.SubscribeAsync(WatchArea.ForMunicipality(Outbreaks.Contagem));

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 20);

        Assert.Equal(alert.Id, (await received.Task.WaitAsync(TimeSpan.FromSeconds(30))).Alert.Id);
        await session.DisposeAsync();
        var logouts = await server.Http.GetFromJsonAsync<List<Sentinela.Server.Audit.AuditEvent>>("/api/audit?action=logout", Sentinela.Server.SentinelaJson.Options);
        Assert.Single(logouts!);
    }
}
