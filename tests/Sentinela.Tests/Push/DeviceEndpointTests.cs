using System.Net;
using System.Net.Http.Json;
using Sentinela.Server;
using Sentinela.Server.Identity;
using Sentinela.Server.Push.Devices;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Push;

/// <summary>POST/GET/DELETE /api/devices: a manager's own devices, with bad, oversized, unauthorised and repeated input.</summary>
public sealed class DeviceEndpointTests : ServerTest
{
    HttpClient As(string user)
    {
        var client = Factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Factory.TokenFor(Role.MunicipalManager, Jurisdiction.OfMunicipality(3118601), user));
        return client;
    }

    [Fact]
    public async Task A_manager_registers_a_device_again_without_duplicating_it_and_removes_it()
    {
        var maria = As("maria");
        var body = new { deviceId = "phone-1", expoToken = "ExponentPushToken[abc]", apnsToken = "A1B2C3D4" };

        var first = await maria.PostAsJsonAsync("/api/devices", body);
        var again = await maria.PostAsJsonAsync("/api/devices", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var devices = await maria.GetFromJsonAsync<List<Device>>("/api/devices", SentinelaJson.Options);
        var device = Assert.Single(devices!);
        Assert.Equal("a1b2c3d4", device.ApnsToken);
        Assert.Equal(HttpStatusCode.NoContent, (await maria.DeleteAsync("/api/devices/phone-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await maria.DeleteAsync("/api/devices/phone-1")).StatusCode);
    }

    [Fact]
    public async Task A_token_registered_by_another_user_moves_to_the_new_one()
    {
        await As("maria").PostAsJsonAsync("/api/devices", new { deviceId = "shared", expoToken = "ExponentPushToken[shared]" });
        await As("joana").PostAsJsonAsync("/api/devices", new { deviceId = "shared-2", expoToken = "ExponentPushToken[shared]" });

        Assert.Empty((await As("maria").GetFromJsonAsync<List<Device>>("/api/devices", SentinelaJson.Options))!);
        Assert.Single((await As("joana").GetFromJsonAsync<List<Device>>("/api/devices", SentinelaJson.Options))!);
    }

    [Fact]
    public async Task Malformed_oversized_and_unauthorised_registrations_are_refused()
    {
        var maria = As("maria");
        var noToken = await maria.PostAsJsonAsync("/api/devices", new { deviceId = "p" });
        var badTokens = await maria.PostAsJsonAsync("/api/devices", new { deviceId = "p", expoToken = "not-expo", apnsToken = "xyz" });
        var malformed = await maria.PostAsync("/api/devices", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        var oversized = await maria.PostAsync("/api/devices", new StringContent(
            $"{{\"deviceId\":\"p\",\"fcmToken\":\"{new string('x', 70_000)}\"}}", System.Text.Encoding.UTF8, "application/json"));
        var anonymous = await Factory.CreateAnonymousClient().PostAsJsonAsync("/api/devices", new { deviceId = "p", expoToken = "ExponentPushToken[a]" });
        using var labRequest = new HttpRequestMessage(HttpMethod.Post, "/api/devices")
        {
            Content = JsonContent.Create(new { deviceId = "p", expoToken = "ExponentPushToken[a]" }),
            Headers = { { "X-Api-Key", await Factory.LabKeyAsync() } },
        };
        var lab = await Factory.CreateAnonymousClient().SendAsync(labRequest);

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTokens.StatusCode);
        var problem = (await badTokens.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>())!;
        Assert.Equal(["apnsToken", "expoToken"], problem.Errors.Keys.Order());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, lab.StatusCode);
        Assert.Empty((await maria.GetFromJsonAsync<List<Device>>("/api/devices", SentinelaJson.Options))!);
    }

    [Fact]
    public async Task Push_records_are_for_administrators_only()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await As("maria").GetAsync($"/api/alerts/{Guid.NewGuid()}/pushes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/api/alerts/{Guid.NewGuid()}/pushes")).StatusCode);
    }
}
