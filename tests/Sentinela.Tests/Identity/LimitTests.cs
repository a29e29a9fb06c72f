using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using Sentinela.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Sentinela.Tests.Identity;

/// <summary>Every limit answers at exactly its configured number: 429 for a client over its share, 503 for a full server.</summary>
public sealed class LimitTests
{
    [Fact]
    public async Task Rest_requests_over_the_per_ip_limit_get_429_with_retry_after()
    {
        await using var factory = new SentinelaFactory(new() { ["Sentinela:Limits:RestRequestsPerMinute"] = "5" });
        var http = factory.CreateClient();

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/alerts")).StatusCode);
        var sixth = await http.GetAsync("/api/alerts");

        Assert.Equal((HttpStatusCode)429, sixth.StatusCode);
        Assert.NotNull(sixth.Headers.RetryAfter);
        Assert.Equal("application/problem+json", sixth.Content.Headers.ContentType!.MediaType);
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_address_has_its_own_rest_allowance()
    {
        await using var factory = new SentinelaFactory(new() { ["Sentinela:Limits:RestRequestsPerMinute"] = "2" });
        var http = factory.CreateClient();
        async Task<HttpStatusCode> GetAsAsync(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts") { Headers = { { "X-Forwarded-For", client } } };
            return (await http.SendAsync(request)).StatusCode;
        }

        var first = new[] { await GetAsAsync("200.1.1.1"), await GetAsAsync("200.1.1.1"), await GetAsAsync("200.1.1.1") };
        var other = await GetAsAsync("200.2.2.2");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], first);
        Assert.Equal(HttpStatusCode.OK, other);
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task A_laboratory_over_its_hemograms_per_minute_gets_429_and_a_bundle_counts_its_entries()
    {
        await using var factory = new SentinelaFactory(new() { ["Sentinela:Limits:HemogramsPerMinutePerLab"] = "10" });
        var http = factory.CreateClient();

        var bundleOf8 = await http.PostAsync("/fhir", Observations.Content(Batch(8)));
        var two = new[] { await PostOneAsync(http), await PostOneAsync(http) };
        var eleventh = await PostOneAsync(http);
        var tooBig = await http.PostAsync("/fhir", Observations.Content(Batch(11)));

        Assert.Equal(HttpStatusCode.OK, bundleOf8.StatusCode);
        Assert.All(two, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal((HttpStatusCode)429, eleventh.StatusCode);
        Assert.NotNull(eleventh.Headers.RetryAfter);
        Assert.Contains("OperationOutcome", await eleventh.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);

        // Another laboratory has its own allowance.
        var other = await http.PostAsJsonAsync("/api/labs", new { name = "Outro laboratório" });
        var key = (await other.Content.ReadFromJsonAsync<NewLabResponse>(Sentinela.Server.SentinelaJson.Options))!.ApiKey.Key;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation")
        {
            Content = Observations.Content(Observations.Hemogram(identifier: Guid.NewGuid().ToString())),
            Headers = { { "X-Api-Key", key } },
        };
        Assert.Equal(HttpStatusCode.Created, (await factory.CreateAnonymousClient().SendAsync(request)).StatusCode);
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task A_user_over_the_connection_limit_gets_429()
    {
        await using var server = new RealtimeServer(new() { ["Sentinela:Limits:ConnectionsPerUser"] = "2" });
        await using var first = await server.ConnectAsync("gestora");
        await using var second = await server.ConnectAsync("gestora");

        var third = await Negotiate(server, server.Factory.TokenFor(user: "gestora"));
        var otherUser = await Negotiate(server, server.Factory.TokenFor(user: "outra"));

        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        // The SignalR client sees the refusal as a failed start.
        await Assert.ThrowsAnyAsync<Exception>(() => server.ConnectAsync("gestora"));
        // A closed connection frees its place.
        await first.DisposeAsync();
        Assert.Equal(HttpStatusCode.OK, (await Eventually.WaitForAsync(() => Negotiate(server, server.Factory.TokenFor(user: "gestora")),
            r => r.StatusCode == HttpStatusCode.OK)).StatusCode);
    }

    [Fact]
    public async Task An_ip_over_its_connection_limit_gets_429_and_a_full_instance_503()
    {
        await using (var perIp = new RealtimeServer(new() { ["Sentinela:Limits:ConnectionsPerIp"] = "2" }))
        {
            await using var a = await perIp.ConnectAsync("a");
            await using var b = await perIp.ConnectAsync("b");
            await AdmittedAsync(perIp, 2);
            Assert.Equal((HttpStatusCode)429, (await Negotiate(perIp, perIp.Factory.TokenFor(user: "c"))).StatusCode);
        }
        await using var full = new RealtimeServer(new() { ["Sentinela:Limits:ConnectionsPerInstance"] = "2" });
        await using var x = await full.ConnectAsync("x");
        await using var y = await full.ConnectAsync("y");
        await AdmittedAsync(full, 2);
        var refused = await Negotiate(full, full.Factory.TokenFor(user: "z"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    /// <summary>
    /// SignalR answers the client's handshake before the hub's OnConnectedAsync runs, where the connection is admitted:
    /// a client can be connected a moment before it counts.
    /// </summary>
    static Task AdmittedAsync(RealtimeServer server, int connections) =>
        Eventually.WaitForAsync(() => Task.FromResult(server.Factory.Services.GetRequiredService<ConnectionLimits>().Total), n => n == connections);

    static async Task<HttpResponseMessage> Negotiate(RealtimeServer server, string token)
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/alerts/negotiate?negotiateVersion=1")
        {
            Headers = { Authorization = new("Bearer", token) },
        };
        var response = await anonymous.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    static Task<HttpResponseMessage> PostOneAsync(HttpClient http) =>
        http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram(identifier: Guid.NewGuid().ToString())));

    static Bundle Batch(int entries)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Batch };
        for (var i = 0; i < entries; i++)
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Resource = Observations.Hemogram(identifier: Guid.NewGuid().ToString()),
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
            });
        return bundle;
    }
}
