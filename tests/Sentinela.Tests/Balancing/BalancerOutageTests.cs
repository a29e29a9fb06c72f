using System.Net;
using Hl7.Fhir.Model;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Task = System.Threading.Tasks.Task;

namespace Sentinela.Tests.Balancing;

/// <summary>
/// PostgreSQL stops under two instances behind the shipped HAProxy configuration: the instances stay in the pool
/// (readiness is theirs, the database is a dependency), so a laboratory gets an instance's 503 with Retry-After and an
/// OperationOutcome, never the balancer's bare 503, and is served again once the database is back. The cluster is this
/// class's own, so stopping it disturbs no other test.
/// </summary>
public sealed class BalancerOutageTests : IAsyncLifetime
{
    PostgresCluster _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresCluster.StartAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    [Fact]
    public async Task While_PostgreSQL_is_down_laboratories_get_the_instances_503_with_Retry_After_through_the_balancer()
    {
        var database = await _postgres.CreateEmptyDatabaseAsync();
        var storage = new Dictionary<string, string>
        {
            ["Sentinela__Storage__Backend"] = "Distributed",
            ["Sentinela__Storage__Distributed__PostgreSql"] = database,
        };
        string[] settings = [.. storage.Select(s => $"--{s.Key.Replace("__", ":")}={s.Value}")];
        await using var a = await ServerProcess.StartAsync(settings);
        await using var b = await ServerProcess.StartAsync(settings);
        await using var balancer = await LoadBalancer.StartAsync("haproxy", [a.BaseAddress, b.BaseAddress]);
        var (exit, created) = await ServerProcess.RunAsync(a.WorkingDirectory, ["create-lab", "--name", "Laboratório na Queda"], storage);
        Assert.Equal(0, exit);
        using var lab = new HttpClient { BaseAddress = balancer.Address };
        lab.DefaultRequestHeaders.Add("X-Api-Key", created.Trim().Split('\n')[^1].Trim());
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(lab)).StatusCode);

        await _postgres.StopServerAsync();
        try
        {
            // Longer than HAProxy needs to take a server out (2 failed checks a second apart), had readiness failed.
            await Task.Delay(TimeSpan.FromSeconds(4));
            for (var i = 0; i < 6; i++)
            {
                var refused = await PostAsync(lab);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After: the balancer answered, not an instance");
                var outcome = Assert.IsType<OperationOutcome>(FhirBodies.Read(await refused.Content.ReadAsByteArrayAsync()));
                Assert.Equal(OperationOutcome.IssueType.Transient, Assert.Single(outcome.Issue).Code);
            }
            // The balancer's probe (anonymous: an API key would need the database to be checked) still finds the instances ready.
            using var probe = new HttpClient { BaseAddress = balancer.Address };
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await _postgres.StartServerAsync();
        }
        await Eventually.WaitForAsync(() => PostAsync(lab), r => r.StatusCode == HttpStatusCode.Created);
    }

    static Task<HttpResponseMessage> PostAsync(HttpClient lab) => lab.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram()));
}
