using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinela.Server.Identity;
using Sentinela.Server.Ingestion;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Task = System.Threading.Tasks.Task;

namespace Sentinela.Tests.Storage;

/// <summary>
/// PostgreSQL goes away under a running distributed server and comes back: writes are refused with 503 + Retry-After
/// (never accepted and lost), the instance stays ready (in the balancer's pool, answering those 503s itself) while
/// /health/dependencies reports the database, and the same process carries on afterwards. The cluster is
/// this class's own, so stopping it disturbs no other test.
/// </summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    PostgresCluster _postgres = null!;
    string _database = "";

    public async Task InitializeAsync()
    {
        _postgres = await PostgresCluster.StartAsync();
        _database = await _postgres.CreateEmptyDatabaseAsync();
    }

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    [Fact]
    public async Task While_PostgreSQL_is_down_writes_answer_503_and_afterwards_the_database_holds_exactly_what_was_accepted()
    {
        await using var factory = new SentinelaFactory(new()
        {
            ["Sentinela:Storage:Backend"] = "Distributed",
            ["Sentinela:Storage:Distributed:PostgreSql"] = _database,
            // Background services touch the database often during the outage (a failing heartbeat used to stop the host).
            ["Sentinela:Delivery:HeartbeatInterval"] = "00:00:00.200",
        });
        // A laboratory's access token: authentication needs no database, so refused writes reach the store itself.
        using var lab = factory.CreateAnonymousClient();
        lab.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.TokenFor(Role.Laboratory, user: "lab-outage"));
        using var admin = factory.CreateClient();
        var lifetime = factory.Services.GetRequiredService<IHostApplicationLifetime>();

        var accepted = new List<Guid>();
        for (var i = 0; i < 3; i++) accepted.Add(await PostAcceptedAsync(lab, Observations.Hemogram()));
        var resubmitted = Observations.Hemogram();
        accepted.Add(await PostAcceptedAsync(lab, resubmitted));

        await _postgres.StopServerAsync();
        try
        {
            for (var i = 0; i < 3; i++) await AssertTransientAsync(await PostAsync(lab, "/fhir/Observation", Observations.Hemogram()));
            await AssertTransientAsync(await PostAsync(lab, "/fhir", Batch(Observations.Hemogram(), Observations.Hemogram())));
            await AssertTransientAsync(await PostAsync(lab, "/fhir/subscription-hook", Observations.Hemogram()));
            // The same hemogram as an accepted one is refused too (it cannot even be looked up), and stays stored once.
            await AssertTransientAsync(await PostAsync(lab, "/fhir/Observation", resubmitted));

            var alerts = await admin.GetAsync("/api/alerts");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, alerts.StatusCode);
            Assert.NotNull(alerts.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", alerts.Content.Headers.ContentType?.MediaType);

            // Still in the pool: a balancer's bare 503 would tell a laboratory nothing, the instance's own says when to retry.
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);
            var dependencies = await admin.GetAsync("/health/dependencies");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, dependencies.StatusCode);
            Assert.Equal("Unhealthy", await StorageStatusAsync(dependencies));
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/live")).StatusCode);
            // Several heartbeats fail meanwhile.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        finally
        {
            await _postgres.StartServerAsync();
        }

        var healthy = await Eventually.WaitForAsync(() => admin.GetAsync("/health/dependencies"), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("Healthy", await StorageStatusAsync(healthy));
        for (var i = 0; i < 2; i++) accepted.Add(await PostAcceptedAsync(lab, Observations.Hemogram()));
        var again = await PostAsync(lab, "/fhir/Observation", resubmitted);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(accepted[3], IdOf(again));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/alerts")).StatusCode);

        Assert.Equal(accepted.Order().ToList(), (await StoredHemograms.IdsAsync(_database)).Order().ToList());
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the server stopped itself during the outage");
    }

    static async Task<Guid> PostAcceptedAsync(HttpClient lab, Observation observation)
    {
        var response = await PostAsync(lab, "/fhir/Observation", observation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return IdOf(response);
    }

    static Task<HttpResponseMessage> PostAsync(HttpClient lab, string path, Resource resource) =>
        lab.PostAsync(path, Observations.Content(resource));

    static Guid IdOf(HttpResponseMessage response) => Guid.Parse(response.Headers.Location!.ToString().Split('/')[3]);

    static async Task AssertTransientAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var outcome = Assert.IsType<OperationOutcome>(FhirBodies.Read(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(OperationOutcome.IssueType.Transient, Assert.Single(outcome.Issue).Code);
    }

    static Bundle Batch(params Observation[] observations) => new()
    {
        Type = Bundle.BundleType.Batch,
        Entry = observations.Select(o => new Bundle.EntryComponent
        {
            Resource = o,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
        }).ToList(),
    };

    static async Task<string?> StorageStatusAsync(HttpResponseMessage health)
    {
        using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        return report.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString();
    }
}
