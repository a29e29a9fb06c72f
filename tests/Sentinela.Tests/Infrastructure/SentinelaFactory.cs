using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Identity;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// The real server in process, on its embedded backend: a fresh SQLite file in a temporary folder (or, with
/// SENTINELA_TEST_BACKEND=distributed, on <see cref="DistributedTestStorage"/> for that folder), the municipality table
/// from tests/data (the whole country), rate limits out of the way (the limit tests set their own), outbreak decisions only
/// when a test asks for one (POST /api/analysis/decisions). Extra settings override
/// appsettings.json; a test that chooses its own backend keeps it. <see cref="CreateClient"/> authenticates like the test's trusted parties: a laboratory's API key
/// for ingestion, an administrator's access token for everything else.
/// </summary>
public sealed class SentinelaFactory : WebApplicationFactory<Program>
{
    const string BackendSetting = "Sentinela:Storage:Backend";

    readonly Dictionary<string, string?> _settings;
    readonly Lazy<Task<string>> _labKey;
    readonly Action<IWebHostBuilder>? _configure;

    public SentinelaFactory(Dictionary<string, string?>? settings = null, string? dataDirectory = null, Action<IWebHostBuilder>? configure = null)
    {
        _configure = configure;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("sentinela-test-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Sentinela:Storage:Embedded:Path"] = Path.Combine(DataDirectory, "sentinela.db"),
            ["Sentinela:Geography:MunicipalitiesFile"] = ReferenceData.MunicipalitiesFile ?? "",
            ["Sentinela:Limits:RestRequestsPerMinute"] = "1000000",
            ["Sentinela:Limits:HemogramsPerMinutePerLab"] = "1000000",
            // Tests decide when they choose (POST /api/analysis/decisions, see Outbreaks), so every outcome is deterministic:
            // the decision loop waits ten minutes after start-up. It scans every time and versions every change.
            ["Sentinela:Analysis:Detection:DecisionDelay"] = "00:10:00",
            ["Sentinela:Analysis:Detection:EvaluationInterval"] = "00:10:00",
            ["Sentinela:Analysis:Detection:ScanInterval"] = "00:00:00",
            ["Sentinela:Analysis:Detection:MinVersionInterval"] = "00:00:00",
        };
        if (DistributedTestStorage.IsSelected && settings?.ContainsKey(BackendSetting) != true)
            foreach (var (key, value) in DistributedTestStorage.For(DataDirectory).Settings) _settings[key] = value;
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
        _labKey = new(async () =>
        {
            var accounts = Services.GetRequiredService<Accounts>();
            var (lab, _) = await accounts.CreateLabAsync(new NewLab("Laboratório de Testes"), default);
            return (await accounts.CreateApiKeyAsync(lab!.Id, default)).Key;
        });
    }

    public string DataDirectory { get; }

    /// <summary>An API key of a laboratory created for this server's tests.</summary>
    public Task<string> LabKeyAsync() => _labKey.Value;

    /// <summary>An access token for a user who exists only in the token (the server trusts its own signature).</summary>
    public string TokenFor(Role role = Role.Admin, Jurisdiction? jurisdiction = null, string user = "admin")
    {
        var id = UserId(user);
        var account = new UserAccount(id, default, user, role, jurisdiction ?? Jurisdiction.Country, role == Role.Laboratory ? id : null, "", DateTimeOffset.UtcNow);
        return Services.GetRequiredService<AccessTokens>().Issue(account).Token;
    }

    /// <summary>The stable id of a test user named in <see cref="TokenFor"/>.</summary>
    public static Guid UserId(string user) => new(MD5.HashData(Encoding.UTF8.GetBytes(user)));

    /// <summary>The test's trusted client: lab API key for FHIR writes, an administrator's token elsewhere.</summary>
    public new HttpClient CreateClient() => CreateDefaultClient(new TestCredentials(this));

    public HttpClient CreateAnonymousClient() => CreateDefaultClient();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        _configure?.Invoke(builder);
    }

    /// <summary>Deletes the data folder (and its distributed storage); call only when no other factory shares it.</summary>
    public async Task DisposeAndDeleteAsync()
    {
        await DisposeAsync();
        await DistributedTestStorage.ReleaseAsync(DataDirectory);
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
