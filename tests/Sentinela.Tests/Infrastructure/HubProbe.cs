using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Delivery;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// A raw SignalR client over a real socket that records everything the hub sends. Round-tripping any hub call proves every
/// message the server queued earlier has arrived, so "nothing was received" is checked without sleeping.
/// </summary>
public sealed class HubProbe : IAsyncDisposable
{
    public HubConnection Connection { get; }
    public ConcurrentQueue<AlertEvent> Alerts { get; } = new();
    public ConcurrentQueue<ResumeResult> Resumes { get; } = new();
    public bool AutoAck { get; set; } = true;

    HubProbe(HubConnection connection)
    {
        Connection = connection;
        connection.On<AlertEvent>("alert", async e =>
        {
            Alerts.Enqueue(e);
            if (AutoAck) await connection.InvokeAsync("Ack", e.Alert.Id, e.Alert.Version);
        });
        connection.On<ResumeResult>("resumed", r => Resumes.Enqueue(r));
        connection.On<Heartbeat>("heartbeat", _ => { });
    }

    public static async Task<HubProbe> ConnectAsync(Uri hub, HttpTransportType transport = HttpTransportType.WebSockets,
        bool messagePack = false, string? clientId = null)
    {
        var url = clientId is null ? hub : new Uri($"{hub}?clientId={Uri.EscapeDataString(clientId)}");
        var builder = new HubConnectionBuilder().WithUrl(url, transport);
        builder = messagePack
            ? builder.AddMessagePackProtocol()
            : builder.AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, SentinelaJsonContext.Default));
        var probe = new HubProbe(builder.Build());
        await probe.Connection.StartAsync();
        return probe;
    }

    public Task<WatchArea> WatchAsync(WatchArea area) => Connection.InvokeAsync<WatchArea>("Subscribe", area);

    /// <summary>A round trip: everything the server sent before this call has been received when it returns.</summary>
    public Task SyncAsync() => Connection.InvokeAsync<bool>("Unsubscribe", "no-such-area");

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
