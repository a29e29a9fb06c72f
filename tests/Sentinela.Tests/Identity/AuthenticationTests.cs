using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Audit;
using Sentinela.Server.Delivery;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Identity;

/// <summary>Login, token rotation, logout, expiry and who may call what, over HTTP and the hub.</summary>
public sealed class AuthenticationTests : ServerTest
{
    const string Password = "correct horse battery staple";
    const string ManagerCpf = "529.982.247-25";

    async Task<UserAccount> ManagerAsync(string cpf = ManagerCpf)
    {
        var (user, errors, _) = await Factory.Services.GetRequiredService<Accounts>().CreateUserAsync(
            new NewUser(cpf, "Gestora de Contagem", Password, Role.MunicipalManager, MunicipalityCode: Outbreaks.Contagem), default);
        return user ?? throw new InvalidOperationException(string.Join("; ", errors.SelectMany(e => e.Value)));
    }

    async Task<HttpResponseMessage> LoginAsync(string cpf, string password, HttpClient? client = null) =>
        await (client ?? Factory.CreateAnonymousClient()).PostAsJsonAsync("/api/auth/login", new { cpf, password });

    async Task<SessionTokens> TokensAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SessionTokens>(SentinelaJson.Options))!;
    }

    [Fact]
    public async Task Login_returns_a_15_minute_access_token_with_role_and_jurisdiction_and_a_7_day_refresh_token()
    {
        var user = await ManagerAsync();
        var before = DateTimeOffset.UtcNow;

        var tokens = await TokensAsync(await LoginAsync("52998224725", Password));

        Assert.InRange(tokens.AccessTokenExpiresAt - before, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));
        Assert.InRange(tokens.RefreshTokenExpiresAt - before, TimeSpan.FromDays(6.99), TimeSpan.FromDays(7.01));
        Assert.Equal("***.***.247-**", tokens.User.Cpf);
        var claims = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.AccessToken);
        Assert.Equal(user.Id.ToString(), claims.Subject);
        Assert.Equal("municipalManager", claims.GetClaim("role").Value);
        Assert.Equal("MUN:3118601", claims.GetClaim("jur").Value);

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me") { Headers = { Authorization = new("Bearer", tokens.AccessToken) } };
        var view = await (await Factory.CreateAnonymousClient().SendAsync(me)).Content.ReadFromJsonAsync<UserView>(SentinelaJson.Options);
        Assert.Equal(user.Id, view!.Id);
    }

    [Fact]
    public async Task Wrong_password_unknown_cpf_and_malformed_login_are_refused_without_saying_which()
    {
        await ManagerAsync();
        var wrong = await LoginAsync(ManagerCpf, "not the password");
        var unknown = await LoginAsync("111.444.777-35", Password);
        var anonymous = Factory.CreateAnonymousClient();
        var malformed = await anonymous.PostAsync("/api/auth/login", new StringContent("{\"cpf\":", System.Text.Encoding.UTF8, "application/json"));
        var oversized = await anonymous.PostAsync("/api/auth/login", new StringContent(
            JsonSerializer.Serialize(new { cpf = ManagerCpf, password = new string('x', 70_000) }), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var (a, b) = (await wrong.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(), await unknown.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>());
        Assert.Equal((a!.Title, a.Detail), (b!.Title, b.Detail));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task An_empty_or_missing_password_or_cpf_is_a_400_that_counts_toward_the_address_block()
    {
        await ManagerAsync();
        var anonymous = Factory.CreateAnonymousClient();
        var bodies = new[]
        {
            "{\"cpf\":\"" + ManagerCpf + "\",\"password\":\"\"}", "{\"cpf\":\"" + ManagerCpf + "\",\"password\":null}", "{\"cpf\":\"" + ManagerCpf + "\"}",
            "{\"cpf\":\"\",\"password\":\"x\"}", "{\"password\":\"x\"}",
        };
        foreach (var body in bodies)
        {
            var response = await anonymous.PostAsync("/api/auth/login", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        for (var i = bodies.Length; i < 10; i++) await LoginAsync(ManagerCpf, $"guess {i}");

        Assert.Equal((HttpStatusCode)429, (await LoginAsync(ManagerCpf, Password)).StatusCode);
        Assert.Equal(10, (await AuditAsync(AuditActions.LoginFailed)).Count);
    }

    [Fact]
    public async Task Refresh_rotates_the_token_and_reusing_an_old_one_revokes_the_whole_family()
    {
        await ManagerAsync();
        var http = Factory.CreateAnonymousClient();
        var first = await TokensAsync(await LoginAsync(ManagerCpf, Password));

        var second = await TokensAsync(await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken }));
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        var third = await TokensAsync(await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = second.RefreshToken }));

        // The first token again: theft detected, the family (including the newest token) is revoked.
        var reuse = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = third.RefreshToken })).StatusCode);

        // Another login is another family, unaffected.
        var other = await TokensAsync(await LoginAsync(ManagerCpf, Password));
        await TokensAsync(await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = other.RefreshToken }));

        Assert.Single(await AuditAsync(AuditActions.TokenReused));
    }

    [Fact]
    public async Task Logout_revokes_the_refresh_token()
    {
        await ManagerAsync();
        var http = Factory.CreateAnonymousClient();
        var tokens = await TokensAsync(await LoginAsync(ManagerCpf, Password));

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync("/api/auth/logout", new { refreshToken = tokens.RefreshToken })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/auth/logout", new { refreshToken = tokens.RefreshToken })).StatusCode);
        Assert.Single(await AuditAsync(AuditActions.Logout));
    }

    [Fact]
    public async Task The_eleventh_failed_login_from_an_ip_is_blocked_even_with_the_right_password()
    {
        await ManagerAsync();
        for (var i = 1; i <= 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(ManagerCpf, $"guess {i}")).StatusCode);

        var eleventh = await LoginAsync(ManagerCpf, Password);

        Assert.Equal((HttpStatusCode)429, eleventh.StatusCode);
        Assert.True(eleventh.Headers.RetryAfter!.Delta > TimeSpan.FromMinutes(14));
        Assert.Single(await AuditAsync(AuditActions.LoginBlocked));
        Assert.Equal(10, (await AuditAsync(AuditActions.LoginFailed)).Count);
    }

    [Fact]
    public async Task An_expired_access_token_is_refused_on_rest()
    {
        await using var shortLived = new SentinelaFactory(ShortLivedTokens);
        var token = shortLived.TokenFor();
        await Task.Delay(TimeSpan.FromSeconds(2.1));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts") { Headers = { Authorization = new("Bearer", token) } };

        var response = await shortLived.CreateAnonymousClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString());
        await shortLived.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task An_open_hub_connection_is_refused_at_its_next_call_once_its_token_expires()
    {
        await using var server = new RealtimeServer(ShortLivedTokens);
        await using var probe = await server.ConnectAsync();
        await probe.WatchAsync(new WatchArea { State = "MG" });

        await Task.Delay(TimeSpan.FromSeconds(2.1));

        // Refused with the reason, or already closed by the server's expiry check: either way nothing more gets through.
        var refused = await Record.ExceptionAsync(() => probe.WatchAsync(new WatchArea { State = "SP" }));
        Assert.True(refused is HubException { Message: var m } && m.Contains("expired") || refused is InvalidOperationException or TaskCanceledException,
            $"Unexpected: {refused}");
        Assert.Equal(HubConnectionState.Disconnected, await Eventually.WaitForAsync(() => Task.FromResult(probe.Connection.State), s => s == HubConnectionState.Disconnected));
    }

    static Dictionary<string, string?> ShortLivedTokens => new()
    {
        ["Sentinela:Identity:AccessTokenLifetime"] = "00:00:02",
        ["Sentinela:Identity:ClockSkew"] = "00:00:00",
    };

    [Fact]
    public async Task No_token_a_forged_token_or_a_laboratory_key_cannot_read_alerts()
    {
        var anonymous = Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/alerts")).StatusCode);

        var forged = Factory.TokenFor()[..^4] + "AAAA";
        using var forgedRequest = new HttpRequestMessage(HttpMethod.Get, "/api/alerts") { Headers = { Authorization = new("Bearer", forged) } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(forgedRequest)).StatusCode);

        foreach (var path in new[] { "/api/alerts", $"/api/alerts/{Guid.NewGuid()}", $"/fhir/Communication/{Guid.NewGuid()}", "/api/users" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-Api-Key", await Factory.LabKeyAsync() } } };
            Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(request)).StatusCode);
        }
        var labUser = Factory.TokenFor(Role.Laboratory, user: "lab-user");
        using var labRequest = new HttpRequestMessage(HttpMethod.Get, "/api/alerts") { Headers = { Authorization = new("Bearer", labUser) } };
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(labRequest)).StatusCode);
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_clients_and_laboratories()
    {
        var anonymous = Factory.CreateAnonymousClient();
        const string Negotiate = "/hubs/alerts/negotiate?negotiateVersion=1";
        using var labUser = new HttpRequestMessage(HttpMethod.Post, Negotiate) { Headers = { Authorization = new("Bearer", Factory.TokenFor(Role.Laboratory, user: "lab")) } };
        using var labKey = new HttpRequestMessage(HttpMethod.Post, Negotiate) { Headers = { { "X-Api-Key", await Factory.LabKeyAsync() } } };
        using var manager = new HttpRequestMessage(HttpMethod.Post, Negotiate)
        {
            Headers = { Authorization = new("Bearer", Factory.TokenFor(Role.MunicipalManager, Jurisdiction.OfMunicipality(Outbreaks.Contagem))) },
        };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(Negotiate, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(labUser)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(labKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(manager)).StatusCode);
    }

    [Fact]
    public async Task Ingestion_needs_a_laboratory_and_answers_with_an_operation_outcome()
    {
        var anonymous = Factory.CreateAnonymousClient();
        var body = Observations.Content(Observations.Hemogram());

        var none = await anonymous.PostAsync("/fhir/Observation", body);
        using var badKey = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation") { Content = Observations.Content(Observations.Hemogram()), Headers = { { "X-Api-Key", "snt_nope" } } };
        var unknown = await anonymous.SendAsync(badKey);
        using var manager = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation")
        {
            Content = Observations.Content(Observations.Hemogram()),
            Headers = { Authorization = new("Bearer", Factory.TokenFor(Role.MunicipalManager, Jurisdiction.OfMunicipality(Outbreaks.Contagem))) },
        };
        var forbidden = await anonymous.SendAsync(manager);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        foreach (var response in new[] { none, unknown, forbidden })
        {
            using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        }
        Assert.Equal(0, await StoredCount());
    }

    [Fact]
    public async Task A_revoked_laboratory_key_stops_working()
    {
        var admin = Factory.CreateClient();
        var created = await admin.PostAsJsonAsync("/api/labs", new { name = "Laboratório Central", cnes = "2345678" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var lab = (await created.Content.ReadFromJsonAsync<NewLabResponse>(SentinelaJson.Options))!;
        var anonymous = Factory.CreateAnonymousClient();
        async Task<HttpStatusCode> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation")
            {
                Content = Observations.Content(Observations.Hemogram(identifier: Guid.NewGuid().ToString())),
                Headers = { { "X-Api-Key", lab.ApiKey.Key } },
            };
            return (await anonymous.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Created, await PostAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/labs/{lab.Lab.Id}/keys/{lab.ApiKey.KeyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync());
        Assert.Equal(1, await StoredCount());
    }

    async Task<IReadOnlyList<AuditEvent>> AuditAsync(string action)
    {
        var trail = await Factory.CreateClient().GetFromJsonAsync<List<AuditEvent>>($"/api/audit?action={action}", SentinelaJson.Options);
        return trail!;
    }
}
