using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Task = System.Threading.Tasks.Task;

namespace Sentinela.Tests.Storage.Redis;

/// <summary>Two instances behind one load balancer allow each limit once between them: the counts live in Redis.</summary>
public sealed class SharedLimitsTests(PostgresFixture postgres, RedisFixture redis) : IClassFixture<PostgresFixture>, IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Rest_requests_alternating_between_instances_share_one_per_ip_limit()
    {
        await redis.Server.SendAsync("FLUSHALL");
        await using var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString,
            new() { ["Sentinela:Limits:RestRequestsPerMinute"] = "6" });
        var (a, b) = (servers[0], servers[1]);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) answers.Add((await (i % 2 == 0 ? a : b).Http.GetAsync("/api/alerts")).StatusCode);
        var seventh = await a.Http.GetAsync("/api/alerts");
        var eighth = await b.Http.GetAsync("/api/alerts");

        Assert.All(answers, s => Assert.Equal(HttpStatusCode.OK, s));
        foreach (var refused in new[] { seventh, eighth })
        {
            Assert.Equal((HttpStatusCode)429, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_bundle_on_one_instance_and_hemograms_on_the_other_exceed_the_lab_quota_together()
    {
        await redis.Server.SendAsync("FLUSHALL");
        await using var servers = await DistributedInstances.StartAsync(2, postgres.Cluster, redis.Server.ConnectionString,
            new() { ["Sentinela:Limits:HemogramsPerMinutePerLab"] = "5" });
        var (a, b) = (LabClient(servers[0]), LabClient(servers[1]));

        var bundleOf3 = await a.PostAsync("/fhir", Observations.Content(Batch(3)));
        var two = new[] { await PostOneAsync(b), await PostOneAsync(b) };
        var sixthOnB = await PostOneAsync(b);
        var sixthOnA = await PostOneAsync(a);

        Assert.Equal(HttpStatusCode.OK, bundleOf3.StatusCode);
        Assert.All(two, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        foreach (var refused in new[] { sixthOnB, sixthOnA })
        {
            Assert.Equal((HttpStatusCode)429, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }
    }

    /// <summary>The same laboratory on either instance (its token names the lab; the signing key is shared).</summary>
    static HttpClient LabClient(RealtimeServer server) => new()
    {
        BaseAddress = server.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", server.Factory.TokenFor(Role.Laboratory, user: "lab-cota")) },
    };

    static Task<HttpResponseMessage> PostOneAsync(HttpClient http) =>
        http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram()));

    static Bundle Batch(int entries) => new()
    {
        Type = Bundle.BundleType.Batch,
        Entry = Enumerable.Range(0, entries).Select(_ => new Bundle.EntryComponent
        {
            Resource = Observations.Hemogram(),
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
        }).ToList(),
    };
}
