using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Sentinela.Client;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace Sentinela.Tests.Balancing;

/// <summary>
/// The shipped HAProxy and nginx configurations, each in front of two real server processes (distributed: one PostgreSQL database, one
/// Redis): laboratory requests reach both instances, hub clients spread over both, and SIGTERM to one of them under
/// steady laboratory traffic costs no request a 5xx while its hub clients move to the other and miss no alert.
/// </summary>
public sealed class BalancerDrainTests(PostgresFixture postgres, RedisFixture redis, ITestOutputHelper output)
    : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    const int HubClients = 4;

    [Theory]
    [InlineData("haproxy")]
    [InlineData("nginx")]
    public async Task Under_lab_traffic_SIGTERM_to_one_instance_fails_no_request_and_moves_its_hub_clients_to_the_other(string kind)
    {
        var database = await postgres.Cluster.CreateDatabaseAsync();
        var storage = new Dictionary<string, string>
        {
            ["Sentinela__Storage__Backend"] = "Distributed",
            ["Sentinela__Storage__Distributed__PostgreSql"] = database,
            ["Sentinela__Storage__Distributed__Redis"] = redis.Server.ConnectionString,
        };
        string[] settings =
        [
            .. storage.Select(s => $"--{s.Key.Replace("__", ":")}={s.Value}"),
            "--Sentinela:Drain:Budget=00:00:10",
            "--Sentinela:Drain:ReadinessGrace=00:00:03",
            "--Sentinela:Drain:ReconnectSpread=00:00:00.500",
            "--Sentinela:Rebalancing:Enabled=false",
            "--Sentinela:Limits:HemogramsPerMinutePerLab=1000000",
        ];
        await using var a = await ServerProcess.StartAsync(settings);
        await using var b = await ServerProcess.StartAsync(settings);
        await using var balancer = await LoadBalancer.StartAsync(kind, [a.BaseAddress, b.BaseAddress]);
        var (exit, created) = await ServerProcess.RunAsync(a.WorkingDirectory, ["create-lab", "--name", "Laboratório Balanceado"], storage);
        Assert.Equal(0, exit);
        var labKey = created.Trim().Split('\n')[^1].Trim();
        var admin = await a.AdminTokenAsync();
        using var lab = new HttpClient { BaseAddress = balancer.Address, Timeout = TimeSpan.FromSeconds(30) };
        lab.DefaultRequestHeaders.Add("X-Api-Key", labKey);
        using var adminHttp = new HttpClient { BaseAddress = balancer.Address };
        adminHttp.DefaultRequestHeaders.Authorization = new("Bearer", admin);

        var received = new ConcurrentDictionary<int, ConcurrentBag<(Guid, int)>>();
        var clients = new List<SentinelaAlertClient>();
        try
        {
            for (var i = 0; i < HubClients; i++)
            {
                var mine = received[i] = [];
                var client = new SentinelaAlertClient(new SentinelaClientOptions
                {
                    ServerUrl = balancer.Address,
                    AccessTokenProvider = () => Task.FromResult<string?>(admin),
                    Transports = HttpTransportType.WebSockets,
                    ReconnectDelays = [TimeSpan.FromMilliseconds(300)],
                });
                client.AlertReceived += e => mine.Add((e.Alert.Id, e.Alert.Version));
                clients.Add(client);
                await client.ConnectAsync();
                await client.SubscribeAsync(WatchArea.ForState("MG"));
            }
            // Hub connections by least connections: two each.
            Assert.Equal((2, 2), (await HubConnectionsAsync(a), await HubConnectionsAsync(b)));

            // Laboratory traffic through the balancer from now until the end: four laboratories' worth, back to back.
            var statuses = new ConcurrentQueue<int>();
            using var stopTraffic = new CancellationTokenSource();
            var traffic = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stopTraffic.IsCancellationRequested)
                {
                    try
                    {
                        statuses.Enqueue((int)(await lab.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram()))).StatusCode);
                    }
                    catch (HttpRequestException)
                    {
                        statuses.Enqueue(0);
                    }
                    await Task.Delay(50);
                }
            })).ToList();

            await PostOutbreakAsync(lab, adminHttp, Outbreaks.Contagem);
            await Eventually.WaitForAsync(() => Task.FromResult(received.Values.All(r => r.Count == 1)), done => done);
            var beforeDrain = await AlertVersionsAsync(adminHttp);
            // Both instances took laboratory requests (least outstanding requests, not hub sockets, decides).
            Assert.True(await HemogramsReceivedAsync(a) > 0 && await HemogramsReceivedAsync(b) > 0, "one instance got no laboratory request");

            var signalled = System.Diagnostics.Stopwatch.StartNew();
            a.Terminate();
            Assert.Equal(0, await a.WaitForExitAsync(TimeSpan.FromSeconds(13)));
            output.WriteLine($"SIGTERM to exit: {signalled.Elapsed.TotalSeconds:F1} s");
            await Eventually.WaitForAsync(() => HubConnectionsAsync(b), n => n == HubClients);
            // Traffic continues a moment on the remaining instance.
            await Task.Delay(TimeSpan.FromSeconds(1));

            // A change to the alert log after the move (a new outbreak; the traffic may update the first one too).
            var newest = beforeDrain;
            for (var attempt = 0; attempt < 10 && newest.SequenceEqual(beforeDrain); attempt++)
            {
                if (attempt > 0) await Task.Delay(TimeSpan.FromSeconds(2));
                await PostOutbreakAsync(lab, adminHttp, Outbreaks.Uberlandia);
                newest = await AlertVersionsAsync(adminHttp);
            }
            await stopTraffic.CancelAsync();
            await Task.WhenAll(traffic);
            var byStatus = statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
            output.WriteLine($"laboratory requests through {kind}: {string.Join(", ", byStatus)}");
            Assert.All(statuses, s => Assert.Equal((int)HttpStatusCode.Created, s));

            // Every alert's newest version reached every client, and nothing twice (a version superseded within one
            // fan-out tick may be skipped: the client gets the newer one).
            newest = await AlertVersionsAsync(adminHttp);
            Assert.NotEqual(beforeDrain, newest);
            await Eventually.WaitForAsync(() => Task.FromResult(received.Values.All(r => newest.All(r.Contains))), done => done);
            await Task.Delay(TimeSpan.FromSeconds(1));
            foreach (var (_, mine) in received)
            {
                Assert.Equal(mine.Count, mine.Distinct().Count());
                Assert.All(newest, n => Assert.Contains(n, mine));
            }
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
            await postgres.Cluster.DropDatabaseAsync(database);
        }
    }

    static async Task PostOutbreakAsync(HttpClient lab, HttpClient admin, int municipality)
    {
        await Outbreaks.PostPlateletsAsync(lab, municipality, 40);
        (await admin.PostAsync("/api/analysis/decisions", null)).EnsureSuccessStatusCode();
    }

    static async Task<List<(Guid, int)>> AlertVersionsAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("items").EnumerateArray()
            .Select(x => (Guid.Parse(x.GetProperty("id").GetString()!), x.GetProperty("version").GetInt32())).Order().ToList();

    static async Task<int> HubConnectionsAsync(ServerProcess server)
    {
        var report = await server.Http.GetFromJsonAsync<JsonElement>("/health/realtime");
        return report.GetProperty("checks").GetProperty("realtime-delivery").GetProperty("data").GetProperty("connections").GetInt32();
    }

    static async Task<double> HemogramsReceivedAsync(ServerProcess server) =>
        (await server.Http.GetStringAsync("/metrics")).Split('\n')
            .Where(l => l.StartsWith("sentinela_hemograms_received_total{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
