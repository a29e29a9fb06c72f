using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.Connections;
using Sentinela.Client;
using Sentinela.Tests.Infrastructure;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace Sentinela.Tests.Draining;

/// <summary>
/// SIGTERM to a real server process: readiness fails first, a request under way finishes, the hub client is told to
/// reconnect and, once a server listens there again, resumes with every alert exactly once; the process exits within its budget.
/// </summary>
public sealed class GracefulDrainTests(ITestOutputHelper output)
{
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    static readonly string[] Settings =
    [
        $"--Sentinela:Drain:Budget={Budget}",
        "--Sentinela:Drain:ReadinessGrace=00:00:02",
        "--Sentinela:Drain:ReconnectSpread=00:00:00.500",
    ];

    [Fact]
    public async Task SIGTERM_fails_readiness_first_lets_a_request_in_flight_finish_hands_hub_clients_over_and_exits_within_the_budget()
    {
        var directory = Directory.CreateTempSubdirectory("sentinela-drain-").FullName;
        try
        {
            Uri address;
            var received = new ConcurrentBag<(Guid Id, int Version)>();
            var requests = new ConcurrentQueue<ReconnectRequest>();
            var connections = 0;
            SentinelaAlertClient client;
            string admin, labKey;
            HttpResponseMessage inFlight;
            await using (var server = await ServerProcess.StartAsync(Settings, directory))
            {
                address = server.BaseAddress;
                admin = await server.AdminTokenAsync();
                labKey = await server.CreateLabKeyAsync();
                client = new SentinelaAlertClient(new SentinelaClientOptions
                {
                    ServerUrl = address,
                    AccessTokenProvider = () => Task.FromResult<string?>(admin),
                    Transports = HttpTransportType.WebSockets,
                    ReconnectDelays = [TimeSpan.FromMilliseconds(200)],
                });
                client.AlertReceived += e => received.Add((e.Alert.Id, e.Alert.Version));
                client.ReconnectRequested += requests.Enqueue;
                client.StateChanged += c =>
                {
                    if (c.State == ClientConnectionState.Connected) Interlocked.Increment(ref connections);
                };
                await client.ConnectAsync();
                await client.SubscribeAsync(WatchArea.ForState("MG"));

                using var lab = Lab(address, labKey);
                using var adminHttp = Admin(address, admin);
                await PostOutbreakAsync(lab, Outbreaks.Contagem);
                (await adminHttp.PostAsync("/api/analysis/decisions", null)).EnsureSuccessStatusCode();
                await Eventually.WaitForAsync(() => Task.FromResult(received.Count), n => n >= 1);

                // A laboratory's POST whose body is half sent when the signal comes.
                var held = new HeldBackContent(System.Text.Encoding.UTF8.GetBytes(Observations.Json(OutbreakBundle(Outbreaks.Uberlandia))), "application/fhir+json");
                var posting = lab.PostAsync("/fhir", held);
                await held.FirstHalfSent;

                var signalled = System.Diagnostics.Stopwatch.StartNew();
                server.Terminate();
                var ready = await Eventually.WaitForAsync(() => server.Http.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
                Assert.Contains("Draining", await ready.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health/live")).StatusCode);

                var asked = await Eventually.WaitForAsync(() => Task.FromResult(requests.TryPeek(out var r) ? r : null), r => r is not null);
                Assert.Equal("draining", asked!.Reason);
                Assert.Equal(500, asked.WithinMilliseconds);
                // Kestrel has stopped accepting (a new connection is refused) while the held request is still under way.
                await Eventually.WaitForAsync(async () =>
                {
                    using var fresh = new HttpClient { BaseAddress = address };
                    try
                    {
                        await fresh.GetAsync("/health/live");
                        return false;
                    }
                    catch (HttpRequestException)
                    {
                        return true;
                    }
                }, refused => refused);
                Assert.False(posting.IsCompleted);
                held.Release();
                inFlight = await posting;

                Assert.Equal(0, await server.WaitForExitAsync(Budget + TimeSpan.FromSeconds(3)));
                output.WriteLine($"SIGTERM to exit: {signalled.Elapsed.TotalSeconds:F1} s (budget {Budget.TotalSeconds} s, readiness grace 2 s)");
                Assert.DoesNotContain("Unhandled", server.Log());
            }
            Assert.True(inFlight.IsSuccessStatusCode, $"the request in flight got {(int)inFlight.StatusCode}");
            Assert.Single(requests);

            // Another instance there now (same data, same address): the client reconnects and resumes.
            await using (var next = await ServerProcess.StartAsync(Settings, directory, address))
            {
                await using var _ = client;
                using var adminHttp = Admin(address, admin);
                await Eventually.WaitForAsync(() => Task.FromResult(Volatile.Read(ref connections)), n => n == 2);
                // The hemograms of the request in flight were stored before the answer: the new instance decides on them.
                (await adminHttp.PostAsync("/api/analysis/decisions", null)).EnsureSuccessStatusCode();
                var alerts = (await adminHttp.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/alerts")).GetProperty("items")
                    .EnumerateArray().Select(a => (Guid.Parse(a.GetProperty("id").GetString()!), a.GetProperty("version").GetInt32())).ToList();
                Assert.Equal(2, alerts.Count);
                await Eventually.WaitForAsync(() => Task.FromResult(received.Count), n => n >= alerts.Count);
                await Task.Delay(TimeSpan.FromSeconds(1));
                Assert.Equal(alerts.Order(), received.Order());
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    static Bundle OutbreakBundle(int municipality) => new()
    {
        Type = Bundle.BundleType.Batch,
        Entry = Enumerable.Range(0, 40).Select(i => new Bundle.EntryComponent
        {
            Resource = Observations.Hemogram(identifier: Guid.NewGuid().ToString(), municipality: municipality, plateletsThousands: i % 2 == 0 ? 90 : 260),
        }).ToList(),
    };

    static async Task PostOutbreakAsync(HttpClient lab, int municipality) =>
        (await lab.PostAsync("/fhir", Observations.Content(OutbreakBundle(municipality)))).EnsureSuccessStatusCode();

    static HttpClient Lab(Uri address, string key)
    {
        var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    static HttpClient Admin(Uri address, string token)
    {
        var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return http;
    }
}
