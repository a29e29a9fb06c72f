using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Alerts;
using Sentinela.Server.Delivery;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using StackExchange.Redis;

namespace Sentinela.Tests.Storage.Redis;

/// <summary>Three (or two) instances in distributed mode on one PostgreSQL database and one Redis: one truth.</summary>
public sealed class MultiInstanceTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    static readonly WatchArea AroundContagem = new() { Latitude = -19.93, Longitude = -44.05, RadiusKm = 100 };

    [Fact]
    public async Task An_alert_raised_on_one_instance_reaches_clients_of_every_instance_exactly_once()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = Listen(spans);
        await using (var servers = await DistributedInstances.StartAsync(3, postgres.Cluster, redis.Server.ConnectionString))
        {
            var (a, b, c) = (servers[0], servers[1], servers[2]);
            await using var onA = await a.ConnectAsync("gestora-a");
            await using var onB = await b.ConnectAsync("gestora-b");
            await using var onC = await c.ConnectAsync("gestora-c");
            foreach (var probe in new[] { onA, onB, onC }) await probe.WatchAsync(AroundContagem);

            var alert = await Outbreaks.PlateletsLowInContagemAsync(b.Http);

            foreach (var probe in new[] { onA, onB, onC })
            {
                await Eventually.WaitForAsync(() => Task.FromResult(probe.Alerts.Any(e => e.Alert.Id == alert.Id && e.Alert.Version == alert.Version)), done => done);
            }
            // Room for a duplicate to arrive (several stream polls), then a barrier behind anything already sent.
            await Task.Delay(TimeSpan.FromSeconds(1));
            foreach (var probe in new[] { onA, onB, onC }) await probe.SyncAsync();

            var logged = (await b.Http.GetFromJsonAsync<AlertDetails>($"/api/alerts/{alert.Id}", Sentinela.Server.SentinelaJson.Options))!.History
                .Select(v => (v.Id, v.Version)).Order().ToList();
            foreach (var probe in new[] { onA, onB, onC })
            {
                var received = probe.Alerts.Where(e => !e.Replayed).GroupBy(e => (e.Alert.Id, e.Alert.Version)).ToList();
                Assert.All(received, g => Assert.Single(g));
                Assert.Equal(logged, received.Select(g => g.Key).Order().ToList());
            }
            // A and C continued the trace of B's publication (the consumer span's parent is the publish span).
            var published = spans.Where(s => s.OperationName == "alerts.publish" && (string?)s.GetTagItem("sentinela.alert.id") == alert.Id.ToString()).ToList();
            var consumed = spans.Where(s => s.OperationName == "alerts.receive" && (string?)s.GetTagItem("sentinela.alert.id") == alert.Id.ToString()).ToList();
            Assert.Equal(published.Count * 2, consumed.Count);
            Assert.All(consumed, r => Assert.Contains(published, p => p.TraceId == r.TraceId && p.SpanId == r.ParentSpanId));
        }
    }

    [Fact]
    public async Task The_per_user_connection_limit_counts_connections_on_every_instance()
    {
        await using (var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString,
            new() { ["Sentinela:Limits:ConnectionsPerUser"] = "2" }))
        {
            var (a, b) = (servers[0], servers[1]);
            await using var first = await a.ConnectAsync("limitada");
            await using var second = await b.ConnectAsync("limitada");
            // A hub call is served only after OnConnectedAsync, which counts the connection.
            await first.SyncAsync();
            await second.SyncAsync();

            Assert.Equal((HttpStatusCode)429, (await NegotiateAsync(a, "limitada")).StatusCode);
            Assert.Equal((HttpStatusCode)429, (await NegotiateAsync(b, "limitada")).StatusCode);
            await Assert.ThrowsAnyAsync<Exception>(() => a.ConnectAsync("limitada"));
            Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(a, "outra")).StatusCode);

            // A connection closed on B frees a place on A.
            await second.DisposeAsync();
            Assert.Equal(HttpStatusCode.OK, (await Eventually.WaitForAsync(() => NegotiateAsync(a, "limitada"), r => r.StatusCode == HttpStatusCode.OK)).StatusCode);
        }
    }

    [Fact]
    public async Task Failed_logins_on_several_instances_block_the_ip_on_all_of_them()
    {
        await using (var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString,
            new() { ["Sentinela:Identity:MaxFailedLogins"] = "3" }))
        {
            var (a, b) = (servers[0], servers[1]);
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(a)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(b)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(a)).StatusCode);

            var onB = await LoginAsync(b);
            var onA = await LoginAsync(a);

            Assert.Equal((HttpStatusCode)429, onB.StatusCode);
            Assert.Equal((HttpStatusCode)429, onA.StatusCode);
            Assert.True(onA.Headers.RetryAfter!.Delta > TimeSpan.FromMinutes(14));
        }
        await redis.Server.SendAsync("FLUSHALL");
    }

    [Fact]
    public async Task After_a_Redis_restart_alerts_published_on_one_instance_still_reach_the_other()
    {
        await using (var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString))
        {
            var (a, b) = (servers[0], servers[1]);
            await using var onA = await a.ConnectAsync("gestora-reinicio");
            await onA.WatchAsync(AroundContagem);

            await redis.Server.RestartAsync();
            await Eventually.WaitForAsync(() => Task.FromResult(Connected(a) && Connected(b)), ok => ok);

            var alert = await Outbreaks.PlateletsLowInContagemAsync(b.Http);

            var received = await Eventually.WaitForAsync(() => Task.FromResult(onA.Alerts.Any(e => e.Alert.Id == alert.Id && e.Alert.Version == alert.Version)), ok => ok);
            Assert.True(received);
            await onA.SyncAsync();
            Assert.All(onA.Alerts.GroupBy(e => (e.Alert.Id, e.Alert.Version)), g => Assert.Single(g));
        }
    }

    [Fact]
    public async Task While_Redis_is_down_an_instance_still_delivers_its_own_alerts_and_reports_degraded()
    {
        await using (var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString))
        {
            var b = servers[1];
            await using var onB = await b.ConnectAsync("gestora-sem-redis");
            await onB.WatchAsync(AroundContagem);
            await redis.Server.StopAsync();
            try
            {
                var alert = await Outbreaks.PlateletsLowInContagemAsync(b.Http);

                Assert.True(await Eventually.WaitForAsync(() => Task.FromResult(onB.Alerts.Any(e => e.Alert.Id == alert.Id && e.Alert.Version == alert.Version)), ok => ok));
                Assert.Equal(HttpStatusCode.OK, (await b.Http.GetAsync("/health/ready")).StatusCode);
                var dependencies = await b.Http.GetAsync("/health/dependencies");
                Assert.Equal(HttpStatusCode.OK, dependencies.StatusCode);
                Assert.Contains("Degraded", await dependencies.Content.ReadAsStringAsync());
            }
            finally
            {
                await redis.Server.StartAsync();
            }
        }
    }

    static bool Connected(RealtimeServer server) => server.Factory.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected;

    static Task<HttpResponseMessage> LoginAsync(RealtimeServer server) =>
        server.Factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new { cpf = "111.444.777-35", password = "not the password" });

    internal static async Task<HttpResponseMessage> NegotiateAsync(RealtimeServer server, string user)
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/alerts/negotiate?negotiateVersion=1")
        {
            Headers = { Authorization = new("Bearer", server.Factory.TokenFor(user: user)) },
        };
        var response = await anonymous.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    static ActivityListener Listen(ConcurrentQueue<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == AlertsTracing.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
