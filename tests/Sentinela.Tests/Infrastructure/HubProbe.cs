using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Delivery;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// A raw SignalR client over a real socket that records everything the hub sends. <see cref="SyncAsync"/> is a barrier:
/// it asks the server for a message that travels behind everything queued earlier and through the same handler queue,
/// so "nothing (else) was received" is checked without sleeping.
/// </summary>
public sealed class HubProbe : IAsyncDisposable
{
    public HubConnection Connection { get; }
    public ConcurrentQueue<AlertEvent> Alerts { get; } = new();
    public ConcurrentQueue<ResumeResult> Resumes { get; } = new();
    public bool AutoAck { get; set; } = true;

    const long Barrier = long.MaxValue;
    TaskCompletionSource? _barrier;

    readonly Func<Task> _settle;

    HubProbe(HubConnection connection, Func<Task>? settle)
    {
        (Connection, _settle) = (connection, settle ?? (() => Task.CompletedTask));
        connection.On<AlertEvent>("alert", async e =>
        {
            Alerts.Enqueue(e);
            if (AutoAck) await connection.SendAsync("AckUpTo", e.Sequence);
        });
        connection.On<ResumeResult>("resumed", r =>
        {
            if (r.FromSequence == Barrier) _barrier?.TrySetResult();
            else Resumes.Enqueue(r);
        });
        connection.On<Heartbeat>("heartbeat", _ => { });
    }

    /// <param name="settle">Waits until the server has handed everything it logged to its fan-out (alerts are decided after the lab's response).</param>
    public static async Task<HubProbe> ConnectAsync(Uri hub, string? accessToken, HttpTransportType transport = HttpTransportType.WebSockets,
        bool messagePack = false, Func<Task>? settle = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(hub, transport, o => o.AccessTokenProvider = () => Task.FromResult(accessToken));
        builder = messagePack
            ? builder.AddMessagePackProtocol()
            : builder.AddJsonProtocol(o => SentinelaJson.Configure(o.PayloadSerializerOptions));
        var probe = new HubProbe(builder.Build(), settle);
        await probe.Connection.StartAsync();
        return probe;
    }

    public Task<WatchArea> WatchAsync(WatchArea area) => Connection.InvokeAsync<WatchArea>("Subscribe", area);

    /// <summary>Returns once every message the server sent before this call has been handled.</summary>
    public async Task SyncAsync()
    {
        await _settle();
        // A resume from beyond the end of the log replays nothing and answers with a "resumed" message.
        _barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Connection.InvokeAsync<ResumeResult>("Resume", Barrier);
        await _barrier.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
