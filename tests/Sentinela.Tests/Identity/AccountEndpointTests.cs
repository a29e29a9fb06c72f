using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Identity;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Identity;

/// <summary>Administration endpoints: who may call them, and what they do with bad, oversized and duplicate input.</summary>
public sealed class AccountEndpointTests : ServerTest
{
    [Fact]
    public async Task An_admin_creates_a_municipal_manager_who_can_then_log_in()
    {
        var created = await Http.PostAsJsonAsync("/api/users", new
        {
            cpf = "529.982.247-25",
            name = "Gestora de Contagem",
            password = "uma senha comprida",
            role = "municipalManager",
            municipalityCode = 3118601,
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = (await created.Content.ReadFromJsonAsync<UserView>(SentinelaJson.Options))!;
        Assert.Equal(("***.***.247-**", Role.MunicipalManager, "MUN:3118601"), (user.Cpf, user.Role, user.Jurisdiction));
        Assert.DoesNotContain("password", await created.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var login = await Factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new { cpf = "52998224725", password = "uma senha comprida" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_cpf_is_a_conflict_and_invalid_fields_are_each_named()
    {
        var body = new { cpf = "52998224725", name = "A", password = "uma senha comprida", role = "admin" };
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsJsonAsync("/api/users", body)).StatusCode);

        var duplicate = await Http.PostAsJsonAsync("/api/users", body with { name = "B" });
        var invalid = await Http.PostAsJsonAsync("/api/users", new { cpf = "12345678900", name = "", password = "curta", role = "municipalManager", municipalityCode = 123 });
        var unknownRole = await Http.PostAsJsonAsync("/api/users", new { cpf = "11144477735", name = "C", password = "uma senha comprida", role = "emperor" });
        var coordinatorWithoutState = await Http.PostAsJsonAsync("/api/users", new { cpf = "11144477735", name = "C", password = "uma senha comprida", role = "stateCoordinator" });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>())!;
        Assert.Equal(["cpf", "municipalityCode", "name", "password"], problem.Errors.Keys.Order());
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, coordinatorWithoutState.StatusCode);
        Assert.Single(await Factory.Services.GetRequiredService<IAccountStore>().ListUsersAsync(default));
    }

    [Fact]
    public async Task Only_admins_may_administer_and_malformed_or_oversized_bodies_are_refused()
    {
        var manager = Factory.CreateAnonymousClient();
        manager.DefaultRequestHeaders.Authorization = new("Bearer", Factory.TokenFor(Role.StateCoordinator, Jurisdiction.OfState(31), "coordenadora"));
        var body = new { name = "Laboratório X" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateAnonymousClient().PostAsJsonAsync("/api/labs", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync("/api/labs", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.PostAsync("/api/labs", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.PostAsJsonAsync("/api/labs", new { name = "X", cnes = "12" })).StatusCode);
        var huge = new StringContent($"{{\"name\":\"{new string('x', 100_000)}\"}}", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Http.PostAsync("/api/labs", huge)).StatusCode);
        Assert.Empty(await Factory.Services.GetRequiredService<IAccountStore>().ListLabsAsync(default));
    }

    [Fact]
    public async Task Disabling_a_user_revokes_their_sessions_and_refuses_their_logins()
    {
        var created = await Http.PostAsJsonAsync("/api/users", new { cpf = "52998224725", name = "G", password = "uma senha comprida", role = "stateCoordinator", state = "MG" });
        var user = (await created.Content.ReadFromJsonAsync<UserView>(SentinelaJson.Options))!;
        var anonymous = Factory.CreateAnonymousClient();
        var tokens = (await (await anonymous.PostAsJsonAsync("/api/auth/login", new { cpf = "52998224725", password = "uma senha comprida" }))
            .Content.ReadFromJsonAsync<SessionTokens>(SentinelaJson.Options))!;

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/users/{user.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/login", new { cpf = "52998224725", password = "uma senha comprida" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync($"/api/users/{Guid.NewGuid()}")).StatusCode);
    }
}

/// <summary>The first administrator: from configuration when none exists, or from the command line; never a default password.</summary>
public sealed class InitialAdminTests
{
    [Fact]
    public async Task The_configured_initial_admin_is_created_once_and_can_log_in()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sentinela:Identity:InitialAdmin:Cpf"] = "529.982.247-25",
            ["Sentinela:Identity:InitialAdmin:Password"] = "senha inicial comprida",
        };
        await using var factory = new SentinelaFactory(settings);
        var login = await factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new { cpf = "52998224725", password = "senha inicial comprida" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        // A restart with the same settings adds nobody.
        await using var again = new SentinelaFactory(settings, factory.DataDirectory);
        Assert.Single(await again.Services.GetRequiredService<IAccountStore>().ListUsersAsync(default));
        await again.DisposeAsync();
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task Without_configuration_no_account_exists()
    {
        await using var factory = new SentinelaFactory();
        Assert.Empty(await factory.Services.GetRequiredService<IAccountStore>().ListUsersAsync(default));
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task The_cli_creates_an_admin_and_a_laboratory_whose_key_works()
    {
        var data = Directory.CreateTempSubdirectory("sentinela-cli-").FullName;
        var database = Path.Combine(data, "sentinela.db");
        var server = Path.Combine(AppContext.BaseDirectory, "sentinela-server.dll");

        var admin = await RunAsync(server, ["create-admin", "--cpf", "529.982.247-25", "--name", "Maria", $"--Sentinela:Storage:Embedded:Path={database}"], "senha do terminal longa");
        var weak = await RunAsync(server, ["create-admin", "--cpf", "111.444.777-35", $"--Sentinela:Storage:Embedded:Path={database}"], "curta");
        var lab = await RunAsync(server, ["create-lab", "--name", "Lab Central", $"--Sentinela:Storage:Embedded:Path={database}"], "");

        Assert.Equal(0, admin.ExitCode);
        Assert.Contains("***.***.247-**", admin.Output);
        Assert.DoesNotContain("529.982.247-25", admin.Output);
        Assert.Equal(2, weak.ExitCode);
        Assert.Equal(0, lab.ExitCode);
        var key = lab.Output.Trim().Split('\n')[^1];
        Assert.StartsWith("snt_", key);

        await using var factory = new SentinelaFactory(dataDirectory: data);
        var anonymous = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/login", new { cpf = "52998224725", password = "senha do terminal longa" })).StatusCode);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation") { Content = Observations.Content(Observations.Hemogram()), Headers = { { "X-Api-Key", key } } };
        Assert.Equal(HttpStatusCode.Created, (await anonymous.SendAsync(post)).StatusCode);
        await factory.DisposeAndDeleteAsync();
    }

    static async Task<(int ExitCode, string Output)> RunAsync(string server, string[] args, string password)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [server, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        })!;
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }
}
