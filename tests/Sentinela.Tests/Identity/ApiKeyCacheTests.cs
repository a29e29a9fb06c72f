using System.Net;
using System.Net.Http.Json;
using Sentinela.Server;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Sentinela.Tests.Storage.Redis;

namespace Sentinela.Tests.Identity;

/// <summary>Each instance trusts a found API key for a while; revocation wins at once where it was made, elsewhere when that while ends.</summary>
public sealed class ApiKeyCacheTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_revoked_key_is_refused_at_once_by_the_instance_that_revoked_it_and_trusted_by_another_until_its_entry_expires()
    {
        await using var servers = await StartAsync(cacheDuration: "01:00:00");
        var key = await CreateLabKeyAsync(servers[0]);
        Assert.Equal(HttpStatusCode.Created, await PostAsync(servers[0], key.Key));
        Assert.Equal(HttpStatusCode.Created, await PostAsync(servers[1], key.Key));

        await RevokeAsync(servers[0], key);

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(servers[0], key.Key));
        Assert.Equal(HttpStatusCode.Created, await PostAsync(servers[1], key.Key));
    }

    [Fact]
    public async Task A_key_revoked_through_one_instance_stops_working_on_another_once_its_cache_entry_expires()
    {
        await using var servers = await StartAsync(cacheDuration: "00:00:02");
        var key = await CreateLabKeyAsync(servers[0]);
        Assert.Equal(HttpStatusCode.Created, await PostAsync(servers[1], key.Key));

        await RevokeAsync(servers[0], key);

        Assert.Equal(HttpStatusCode.Unauthorized, await Eventually.WaitForAsync(() => PostAsync(servers[1], key.Key), s => s == HttpStatusCode.Unauthorized));
    }

    Task<DistributedInstances> StartAsync(string cacheDuration) => DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString,
        new() { ["Sentinela:Identity:ApiKeyCacheDuration"] = cacheDuration });

    static async Task<IssuedApiKey> CreateLabKeyAsync(RealtimeServer server)
    {
        var created = await server.Http.PostAsJsonAsync("/api/labs", new { name = "Laboratório de Contagem" });
        return (await created.Content.ReadFromJsonAsync<NewLabResponse>(SentinelaJson.Options))!.ApiKey;
    }

    static async Task RevokeAsync(RealtimeServer server, IssuedApiKey key) =>
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.DeleteAsync($"/api/labs/{key.LabId}/keys/{key.KeyId}")).StatusCode);

    static async Task<HttpStatusCode> PostAsync(RealtimeServer server, string apiKey)
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation")
        {
            Content = Observations.Content(Observations.Hemogram(identifier: Guid.NewGuid().ToString())),
            Headers = { { ApiKeyAuthenticationHandler.Header, apiKey } },
        };
        return (await anonymous.SendAsync(request)).StatusCode;
    }
}
