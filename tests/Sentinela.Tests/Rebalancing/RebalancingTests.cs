using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Client;
using Sentinela.Server.Delivery;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Sentinela.Tests.Storage.Redis;

namespace Sentinela.Tests.Rebalancing;

/// <summary>
/// Two distributed instances, every client on the first: the first asks some to reconnect, a least-connections
/// balancer (here, the clients' WebSocket factory) places them on the second, and alerts still arrive exactly once.
/// </summary>
public sealed class RebalancingTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    const int Clients = 8;

    [Fact]
    public async Task Clients_of_an_overloaded_instance_move_to_an_idle_one_and_still_get_every_alert_once()
    {
        await using var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString, new()
        {
            ["Sentinela:Rebalancing:Interval"] = "00:00:00.300",
            ["Sentinela:Rebalancing:MinimumExcess"] = "1",
            ["Sentinela:Rebalancing:MaxShedShare"] = "0.25",
            ["Sentinela:Rebalancing:ReconnectSpread"] = "00:00:00.300",
        });
        var (a, b) = (servers[0], servers[1]);
        var balancer = new LeastConnections([a, b]) { Only = a };
        var received = new ConcurrentDictionary<int, ConcurrentBag<(Guid, int)>>();
        var moved = 0;
        var clients = new List<SentinelaAlertClient>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                var mine = received[i] = [];
                var token = a.Factory.TokenFor(Role.Admin, user: $"gestora-{i}");
                var client = new SentinelaAlertClient(new SentinelaClientOptions
                {
                    ServerUrl = a.BaseAddress,
                    AccessTokenProvider = () => Task.FromResult<string?>(token),
                    Transports = HttpTransportType.WebSockets,
                    ReconnectDelays = [TimeSpan.FromMilliseconds(200)],
                    ConfigureConnection = http => http.WebSocketFactory = (context, ct) => balancer.ConnectAsync(context.Uri, token, ct),
                });
                client.AlertReceived += e => mine.Add((e.Alert.Id, e.Alert.Version));
                client.ReconnectRequested += r => Interlocked.Increment(ref moved);
                clients.Add(client);
                await client.ConnectAsync();
                await client.SubscribeAsync(Sentinela.Client.WatchArea.ForState("MG"));
            }
            // The first instance already sheds while the clients connect; the balancer sends them back to it for now.
            await Eventually.WaitForAsync(() => Task.FromResult(Count(a)), n => n == Clients);
            var first = await Outbreaks.PlateletsLowInContagemAsync(a.Http);
            await Eventually.WaitForAsync(() => Task.FromResult(received.Values.Sum(r => r.Count)), n => n == Clients);

            balancer.Only = null;
            await Eventually.WaitForAsync(() => Task.FromResult((Count(a), Count(b))), c => c == (Clients / 2, Clients / 2), TimeSpan.FromSeconds(30));
            Assert.True(Volatile.Read(ref moved) >= Clients / 2);

            var second = await Outbreaks.PlateletsLowAsync(a.Http, Outbreaks.Uberlandia);
            await Eventually.WaitForAsync(() => Task.FromResult(received.Values.All(r => r.Count >= 2)), done => done);
            await Task.Delay(TimeSpan.FromSeconds(1));
            foreach (var (_, alerts) in received)
                Assert.Equal(new[] { (first.Id, first.Version), (second.Id, second.Version) }.Order(), alerts.Order());
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    static int Count(RealtimeServer server) => server.Factory.Services.GetRequiredService<ConnectionRegistry>().Count;

    /// <summary>What a balancer does with hub connections: each new one to the instance holding fewest (or to <see cref="Only"/>).</summary>
    sealed class LeastConnections(IReadOnlyList<RealtimeServer> servers)
    {
        public RealtimeServer? Only { get; set; }

        public async ValueTask<WebSocket> ConnectAsync(Uri requested, string token, CancellationToken ct)
        {
            var target = Only ?? servers.MinBy(Count)!;
            var uri = new UriBuilder(requested) { Port = target.BaseAddress.Port }.Uri;
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
            await socket.ConnectAsync(uri, ct);
            return socket;
        }
    }
}
