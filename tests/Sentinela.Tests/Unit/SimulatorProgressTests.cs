extern alias simulator;
using System.Net;
using Sentinela.Tests.Infrastructure;
using Gen = simulator::Sentinela.Simulator.Generation;
using Traffic = simulator::Sentinela.Simulator.Traffic;

namespace Sentinela.Tests.Unit;

/// <summary>
/// The simulator's progress while the server is slow to answer its first requests: a line at second 0, and the posted but
/// unanswered requests counted as in flight rather than shown as nothing sent.
/// </summary>
public sealed class SimulatorProgressTests
{
    [Fact]
    public async Task Progress_starts_at_once_and_counts_requests_the_server_has_not_answered_yet()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var http = new HttpClient(new SlowServer(answer.Task)) { BaseAddress = new Uri("http://127.0.0.1:1/") };
        var generator = new Gen.HemogramGenerator(SimulatedTraffic.MinasGeraisMunicipalities, seed: 7);
        var options = new Traffic.TrafficOptions { Rate = 0, Count = 3, Concurrency = 3, ProgressInterval = TimeSpan.FromMilliseconds(20) };
        var seen = new List<Traffic.TrafficSnapshot>();

        var total = await new Traffic.TrafficRunner(http, generator, options).RunAsync(snapshot =>
        {
            lock (seen) seen.Add(snapshot);
            // The server answers only once the operator could see all three waiting.
            if (snapshot.InFlight == 3) answer.TrySetResult();
        }, CancellationToken.None);

        Assert.Equal((0, 0), (seen[0].Sent, seen[0].Created));
        Assert.Contains(seen, s => s is { InFlight: 3, Sent: 0 });
        Assert.Contains("in flight 3", seen.First(s => s.InFlight == 3).Describe());
        Assert.Equal((3, 3, 0), (total.Sent, total.Created, total.InFlight));
    }

    /// <summary>Answers every Observation 201 Created, but only once <paramref name="answer"/> completes.</summary>
    sealed class SlowServer(Task answer) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            await answer.WaitAsync(ct);
            return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("{}") };
        }
    }
}
