using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Sentinela.Server;
using Sentinela.Server.Delivery;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Identity;

/// <summary>
/// Everything the server logs at Debug level, framework included, while CPFs, passwords, tokens, API keys and fine
/// coordinates pass through every channel: none of them reaches a logging provider in clear.
/// </summary>
public sealed class LogPrivacyTests
{
    const string Cpf = "52998224725", FormattedCpf = "529.982.247-25", Password = "senha muito secreta 42";

    [Fact]
    public async Task Cpf_passwords_tokens_and_fine_coordinates_never_reach_the_log_output()
    {
        await using var server = new RealtimeServer(new()
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Sentinela:Identity:MaxFailedLogins"] = "3",
        }, configure: web => web.ConfigureLogging(logging => logging.AddFakeLogging()));
        var accounts = server.Factory.Services.GetRequiredService<Accounts>();
        await accounts.CreateUserAsync(new NewUser(FormattedCpf, "Gestora", Password, Role.Admin), default);
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };

        // Login, refresh, reuse of the old refresh token (a security event naming it), failed logins up to a block.
        var login = await (await anonymous.PostAsJsonAsync("/api/auth/login", new { cpf = FormattedCpf, password = Password }))
            .Content.ReadFromJsonAsync<SessionTokens>(SentinelaJson.Options);
        var refreshed = await (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login!.RefreshToken }))
            .Content.ReadFromJsonAsync<SessionTokens>(SentinelaJson.Options);
        await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login.RefreshToken });
        for (var i = 0; i < 4; i++) await anonymous.PostAsJsonAsync("/api/auth/login", new { cpf = Cpf, password = "errada " + i });

        // The access token in the query string (WebSockets and SSE), a watch with fine coordinates, a lab key.
        foreach (var transport in new[] { HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents })
        {
            await using var probe = await HubProbe.ConnectAsync(server.Hub, refreshed!.AccessToken, transport);
            await probe.WatchAsync(new WatchArea { Latitude = -19.931234, Longitude = -44.053456, RadiusKm = 20 });
        }
        var labKey = await server.Factory.LabKeyAsync();
        await server.Http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram(point: (-19.931234, -44.053456))));

        var records = server.Factory.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        var output = string.Join("\n", records.Select(r =>
            $"{r.Category} {r.Message} {string.Join(" ", r.StructuredState?.Select(kv => kv.Value) ?? [])} {r.Exception}"));

        Assert.Contains("***.***.247-**", output);           // the security events were logged, masked
        Assert.Contains("-19.93", output);                   // the watch was logged, coarsened
        foreach (var secret in new[] { Cpf, FormattedCpf, Password, login.AccessToken, login.RefreshToken, refreshed.AccessToken, labKey, "-19.9312", "-44.0534" })
            Assert.DoesNotContain(secret, output);
    }
}
