using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Sentinela.Client;

namespace Sentinela.Tests.Chaos;

/// <summary>
/// Apps watching Contagem through the front with the SDK (<see cref="SentinelaAlertClient"/>, default reconnect schedule):
/// what each one handed to the app (every alert event, replays included) and when its connection state changed.
/// </summary>
public sealed class AlertAudience : IAsyncDisposable
{
    static readonly WatchArea AroundContagem = new() { Latitude = -19.93, Longitude = -44.05, RadiusKm = 100 };

    readonly List<SentinelaAlertClient> _clients = [];

    public sealed record Member(ConcurrentQueue<AlertEvent> Events, ConcurrentQueue<(DateTime At, ClientConnectionState State)> States);

    public List<Member> Members { get; } = [];

    public static async Task<AlertAudience> ConnectAsync(Uri front, SentinelaSession session, int count)
    {
        var audience = new AlertAudience();
        for (var i = 0; i < count; i++)
        {
            var member = new Member(new(), new());
            var client = new SentinelaAlertClient(new SentinelaClientOptions
            {
                ServerUrl = front,
                AccessTokenProvider = session.GetAccessTokenAsync,
                Transports = HttpTransportType.WebSockets,
            });
            client.AlertReceived += member.Events.Enqueue;
            client.StateChanged += change => member.States.Enqueue((DateTime.UtcNow, change.State));
            await client.ConnectAsync();
            await client.SubscribeAsync(AroundContagem);
            audience._clients.Add(client);
            audience.Members.Add(member);
        }
        return audience;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) await client.DisposeAsync();
    }
}
