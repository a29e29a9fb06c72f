using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace Sentinela.Tests.Storage.HighAvailability;

/// <summary>
/// The primary of a pg_auto_failover cluster (synchronous standby) is killed with SIGKILL while laboratories post
/// hemograms: the instance, configured with every node and Target Session Attributes=primary, finds the promoted standby
/// by itself, and every hemogram it acknowledged before, during and after the failover is on the new primary (RPO 0).
/// </summary>
[Trait("Category", "HighAvailability")]
public sealed class PostgresFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The goal of issue 16 for the whole failover, as seen by a laboratory.</summary>
    static readonly TimeSpan FailoverBudget = TimeSpan.FromSeconds(30);

    PostgresHaCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresHaCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Killing_the_primary_under_writes_loses_no_acknowledged_hemogram_and_writes_resume_on_the_new_primary()
    {
        await using var factory = new SentinelaFactory(new()
        {
            ["Sentinela:Storage:Backend"] = "Distributed",
            ["Sentinela:Storage:Distributed:PostgreSql"] = _cluster.ConnectionString,
            ["Sentinela:Limits:HemogramsPerMinutePerLab"] = "1000000",
        });
        using var lab = factory.CreateAnonymousClient();
        lab.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.TokenFor(Role.Laboratory, user: "lab-failover"));
        var oldPrimary = (await _cluster.PrimaryPortAsync())!.Value;

        var acknowledged = new ConcurrentBag<(Guid Id, TimeSpan SentAt)>();
        var refused = new ConcurrentBag<HttpStatusCode>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sentAt = clock.Elapsed;
                try
                {
                    var response = await lab.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram()));
                    if (response.StatusCode == HttpStatusCode.Created) acknowledged.Add((Guid.Parse(response.Headers.Location!.ToString().Split('/')[3]), sentAt));
                    else refused.Add(response.StatusCode);
                }
                catch (TaskCanceledException)
                {
                    refused.Add(HttpStatusCode.RequestTimeout);
                }
            }
        })).ToList();

        await Eventually.WaitForAsync(() => Task.FromResult(acknowledged.Count), n => n >= 50);
        await _cluster.KillNodeAsync(oldPrimary);
        var killedAt = clock.Elapsed;
        var firstAfter = await Eventually.WaitForAsync(() => Task.FromResult(acknowledged.Where(a => a.SentAt > killedAt).Select(a => (TimeSpan?)a.SentAt).Min()),
            t => t is not null, FailoverBudget + TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var recovery = firstAfter - killedAt;
        var newPrimary = await _cluster.PrimaryPortAsync();
        var stored = (await StoredHemograms.IdsAsync(_cluster.ConnectionString)).ToHashSet();
        var missing = acknowledged.Select(a => a.Id).Where(id => !stored.Contains(id)).ToList();
        output.WriteLine($"primary {oldPrimary} killed; writes resumed on {newPrimary} after {recovery?.TotalSeconds:F1} s; " +
            $"{acknowledged.Count} acknowledged, {missing.Count} missing; refused meanwhile: {string.Join(", ", refused.GroupBy(s => s).Select(g => $"{(int)g.Key}×{g.Count()}"))}");

        Assert.NotNull(recovery);
        Assert.True(recovery < FailoverBudget, $"writes resumed after {recovery}");
        Assert.NotEqual(oldPrimary, newPrimary);
        Assert.Empty(missing);
        // A refused write is a retryable 503 (or the client's own timeout), never a 500 that would make a laboratory give up.
        Assert.All(refused, s => Assert.Contains(s, new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.RequestTimeout }));
    }
}
