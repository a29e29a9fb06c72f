using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Delivery;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Delivery;

public sealed class DeadConnectionTests
{
    [Fact]
    public async Task A_client_that_goes_silent_is_dropped_after_the_client_timeout()
    {
        await using var server = new RealtimeServer(new()
        {
            ["Sentinela:Delivery:ClientTimeout"] = "00:00:01",
            ["Sentinela:Delivery:KeepAliveInterval"] = "00:00:00.500",
        });
        var registry = server.Factory.Services.GetRequiredService<ConnectionRegistry>();

        // A raw WebSocket that completes the SignalR handshake, pings once (SignalR starts the client timeout at the first
        // message) and then never sends again: a phone that lost its signal.
        var negotiation = await (await server.Http.PostAsync("/hubs/alerts/negotiate?negotiateVersion=1", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var socket = new ClientWebSocket();
        var token = negotiation.GetProperty("connectionToken").GetString();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + server.Factory.TokenFor());
        await socket.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/hubs/alerts?id={token}"), default);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, default);
        var buffer = new byte[4096];
        await socket.ReceiveAsync(buffer, default);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\":6}\u001e"), WebSocketMessageType.Text, true, default);
        Assert.Equal(1, await Eventually.WaitForAsync(() => Task.FromResult(registry.Count), c => c == 1));

        var remaining = await Eventually.WaitForAsync(() => Task.FromResult(registry.Count), c => c == 0, TimeSpan.FromSeconds(20));

        Assert.Equal(0, remaining);
    }
}
