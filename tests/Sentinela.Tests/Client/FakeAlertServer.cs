using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sentinela.Server;
using ServerAlerts = Sentinela.Server.Alerts;

namespace Sentinela.Tests.Client;

/// <summary>
/// A stand-in for Sentinela's alert hub on 127.0.0.1, configured like the real one (both protocols, SignalR's default
/// MessagePack resolver, the server's JSON context) and sending the server's own alert type, so the SDK's logic is
/// tested on the real wire without the server's storage and targeting: every area matches every alert.
/// </summary>
public sealed class FakeAlertServer : IAsyncDisposable
{
    readonly WebApplication _app;

    FakeAlertServer(WebApplication app, FakeAlertHubState state)
    {
        _app = app;
        State = state;
    }

    public FakeAlertHubState State { get; }
    public Uri Url => new(_app.Urls.First());

    public static async Task<FakeAlertServer> StartAsync(int port = 0, FakeAlertHubState? state = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        state ??= new FakeAlertHubState();
        builder.Services.AddSingleton(state);
        builder.Services.AddSignalR(o => o.EnableDetailedErrors = true)
            .AddJsonProtocol(o =>
            {
                SentinelaJson.Configure(o.PayloadSerializerOptions);
                // The real hub's own types are all in the context; this one's wrappers are not.
                o.PayloadSerializerOptions.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
            })
            .AddMessagePackProtocol();
        var app = builder.Build();
        app.MapHub<FakeAlertHub>("/hubs/alerts");
        await app.StartAsync();
        return new FakeAlertServer(app, state);
    }

    /// <summary>Sends a live event to every connection, as the server's fan-out would.</summary>
    public Task SendLiveAsync(ServerAlerts.OutbreakAlert alert, int attempt = 1) =>
        _app.Services.GetRequiredService<IHubContext<FakeAlertHub>>().Clients.All
            .SendAsync(State.AlertMethod, FakeAlertHubState.EventFor(alert, replayed: false, attempt));

    /// <summary>Drops every connection as a network failure would: clients may reconnect.</summary>
    public void DropConnections()
    {
        foreach (var context in State.Connections.Values) context.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
