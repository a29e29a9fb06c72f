using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Storage.Redis;

/// <summary>Refresh tokens kept in Redis rotate once across instances: a token is never redeemed twice.</summary>
public sealed class SharedSessionsTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    internal const string Cpf = "529.982.247-25";
    internal const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_refresh_token_presented_to_two_instances_at_once_is_redeemed_exactly_once()
    {
        await using var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString);
        var (a, b) = (servers[0], servers[1]);
        await CreateManagerAsync(a);

        for (var round = 0; round < 5; round++)
        {
            var tokens = await LoginAsync(a);
            var answers = await Task.WhenAll(RefreshAsync(a, tokens.RefreshToken), RefreshAsync(b, tokens.RefreshToken));

            var winner = Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Single(answers, r => r.StatusCode == HttpStatusCode.Unauthorized);
            // The loser saw a replay and revoked the family, including the token just issued to the winner.
            var next = (await winner.Content.ReadFromJsonAsync<SessionTokens>(SentinelaJson.Options))!;
            Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(b, next.RefreshToken)).StatusCode);
        }
    }

    internal static async Task CreateManagerAsync(RealtimeServer server)
    {
        var (user, errors, _) = await server.Factory.Services.GetRequiredService<Accounts>().CreateUserAsync(
            new NewUser(Cpf, "Gestora", Password, Role.MunicipalManager, MunicipalityCode: Outbreaks.Contagem), default);
        Assert.True(user is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
    }

    internal static Task<HttpResponseMessage> LoginResponseAsync(RealtimeServer server) =>
        server.Factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new { cpf = Cpf, password = Password });

    internal static async Task<SessionTokens> LoginAsync(RealtimeServer server)
    {
        var response = await LoginResponseAsync(server);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SessionTokens>(SentinelaJson.Options))!;
    }

    internal static async Task<HttpResponseMessage> RefreshAsync(RealtimeServer server, string token)
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var response = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token });
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
