using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Sentinela.Server;
using Sentinela.Server.Identity;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Push.WebPush;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Push;

/// <summary>
/// GET /api/webpush/public-key and POST /api/webpush/subscriptions, with the browser's own subscription shape; listing
/// and removal go through /api/devices. Bad, oversized, unauthorised and repeated input.
/// </summary>
public sealed class WebPushEndpointTests : ServerTest
{
    const string Fcm = "https://fcm.googleapis.com/fcm/send/";

    HttpClient As(string user)
    {
        var client = Factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Factory.TokenFor(Role.MunicipalManager, Jurisdiction.OfMunicipality(3118601), user));
        return client;
    }

    /// <summary>A PushSubscription.toJSON() as Chrome posts it, with a fresh P-256 key and auth secret.</summary>
    static object Subscription(string endpoint, string? p256dh = null, string? auth = null)
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        return new
        {
            endpoint,
            expirationTime = (long?)null,
            keys = new { p256dh = p256dh ?? Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]), auth = auth ?? Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)) },
        };
    }

    [Fact]
    public async Task The_public_key_is_a_p256_point_and_the_same_on_every_call()
    {
        var first = await As("maria").GetFromJsonAsync<VapidPublicKey>("/api/webpush/public-key", SentinelaJson.Options);
        var second = await As("joana").GetFromJsonAsync<VapidPublicKey>("/api/webpush/public-key", SentinelaJson.Options);

        var point = Base64Url.DecodeFromChars(first!.PublicKey);
        Assert.Equal((65, (byte)0x04), (point.Length, point[0]));
        Assert.Equal(first.PublicKey, second!.PublicKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateAnonymousClient().GetAsync("/api/webpush/public-key")).StatusCode);
    }

    [Fact]
    public async Task A_browser_subscribes_again_without_duplicating_it_is_listed_and_removed()
    {
        var maria = As("maria");
        var body = Subscription(Fcm + "abc123");

        var first = await maria.PostAsJsonAsync("/api/webpush/subscriptions", body);
        var again = await maria.PostAsJsonAsync("/api/webpush/subscriptions", body);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var device = Assert.Single((await maria.GetFromJsonAsync<List<Device>>("/api/devices", SentinelaJson.Options))!);
        Assert.Equal((Fcm + "abc123", (string?)null), (device.WebPush!.Endpoint, device.ExpoToken));
        Assert.StartsWith("web-", device.DeviceId);
        Assert.Equal(HttpStatusCode.NoContent, (await maria.DeleteAsync($"/api/devices/{device.DeviceId}")).StatusCode);
        Assert.Empty((await maria.GetFromJsonAsync<List<Device>>("/api/devices", SentinelaJson.Options))!);
    }

    [Fact]
    public async Task A_browser_used_by_another_manager_moves_to_them()
    {
        var body = Subscription(Fcm + "shared-browser");
        await As("maria").PostAsJsonAsync("/api/webpush/subscriptions", body);
        await As("joana").PostAsJsonAsync("/api/webpush/subscriptions", body);

        Assert.Empty((await As("maria").GetFromJsonAsync<List<Device>>("/api/devices", SentinelaJson.Options))!);
        Assert.Single((await As("joana").GetFromJsonAsync<List<Device>>("/api/devices", SentinelaJson.Options))!);
    }

    [Fact]
    public async Task Malformed_foreign_oversized_and_unauthorised_subscriptions_are_refused()
    {
        var maria = As("maria");
        async Task<ValidationProblemDetails> ProblemAsync(object body)
        {
            var response = await maria.PostAsJsonAsync("/api/webpush/subscriptions", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        }
        var offCurve = Base64Url.EncodeToString([0x04, .. new byte[64]]);

        Assert.Equal(["keys"], (await ProblemAsync(new { endpoint = Fcm + "a" })).Errors.Keys);
        Assert.Equal(["endpoint"], (await ProblemAsync(Subscription("http://10.0.0.7:8080/admin"))).Errors.Keys);
        Assert.Equal(["endpoint"], (await ProblemAsync(Subscription("http://fcm.googleapis.com/fcm/send/a"))).Errors.Keys);
        Assert.Equal(["endpoint"], (await ProblemAsync(Subscription("https://fcm.googleapis.com.evil.example/a"))).Errors.Keys);
        Assert.Equal(["endpoint"], (await ProblemAsync(Subscription("https://user@fcm.googleapis.com/a"))).Errors.Keys);
        Assert.Equal(["endpoint"], (await ProblemAsync(Subscription(Fcm + new string('a', WebPushSubscription.MaxEndpointLength)))).Errors.Keys);
        Assert.Equal(["keys"], (await ProblemAsync(Subscription(Fcm + "a", p256dh: offCurve))).Errors.Keys);
        Assert.Equal(["keys"], (await ProblemAsync(Subscription(Fcm + "a", auth: "c2hvcnQ"))).Errors.Keys);

        var malformed = await maria.PostAsync("/api/webpush/subscriptions", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        var wrongTypes = await maria.PostAsJsonAsync("/api/webpush/subscriptions", new { endpoint = 5, keys = "x" });
        var oversized = await maria.PostAsync("/api/webpush/subscriptions", new StringContent(
            $"{{\"endpoint\":\"{Fcm}{new string('x', 70_000)}\"}}", System.Text.Encoding.UTF8, "application/json"));
        var anonymous = await Factory.CreateAnonymousClient().PostAsJsonAsync("/api/webpush/subscriptions", Subscription(Fcm + "a"));
        using var labRequest = new HttpRequestMessage(HttpMethod.Post, "/api/webpush/subscriptions")
        {
            Content = JsonContent.Create(Subscription(Fcm + "a")),
            Headers = { { "X-Api-Key", await Factory.LabKeyAsync() } },
        };
        var lab = await Factory.CreateAnonymousClient().SendAsync(labRequest);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (malformed.StatusCode, wrongTypes.StatusCode));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, lab.StatusCode);
        Assert.Empty((await maria.GetFromJsonAsync<List<Device>>("/api/devices", SentinelaJson.Options))!);
    }
}
