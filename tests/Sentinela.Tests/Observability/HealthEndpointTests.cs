using System.Net;
using System.Text.Json;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Observability;

public sealed class HealthEndpointTests : ServerTest
{
    [Fact]
    public async Task Live_ready_and_realtime_answer_anonymously_with_their_checks()
    {
        using var anonymous = Factory.CreateAnonymousClient();

        var live = await ReadAsync(anonymous, "/health/live");
        Assert.Equal("Healthy", live.GetProperty("status").GetString());

        var ready = await ReadAsync(anonymous, "/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        foreach (var name in new[] { "storage", "bus", "push-dispatcher" })
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());

        var realtime = await ReadAsync(anonymous, "/health/realtime");
        var delivery = realtime.GetProperty("checks").GetProperty("realtime-delivery");
        Assert.Equal("Healthy", delivery.GetProperty("status").GetString());
        Assert.Equal(0, delivery.GetProperty("data").GetProperty("connections").GetInt32());
        Assert.False(delivery.GetProperty("data").GetProperty("deliveryLatencyHigh").GetBoolean());
        Assert.Equal("closed", realtime.GetProperty("checks").GetProperty("push-dispatcher").GetProperty("data").GetProperty("expo").GetString()!.ToLowerInvariant());
    }

    [Fact]
    public async Task The_realtime_summary_is_for_health_managers_only()
    {
        using var anonymous = Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/metrics/realtime")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/api/metrics/realtime")).StatusCode);
    }

    static async Task<JsonElement> ReadAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
