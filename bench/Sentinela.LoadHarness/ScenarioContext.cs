using System.Diagnostics;
using Sentinela.Client;
using Sentinela.Geography;

namespace Sentinela.LoadHarness;

/// <summary>What every scenario shares: the arguments, the municipalities, the lab's HTTP client and the seed.</summary>
public sealed record ScenarioContext(HarnessArguments Arguments, IReadOnlyList<Municipality> Municipalities, HttpClient Http, int Seed)
{
    /// <summary>Requests an open-loop run may have in flight: it keeps sending while answers are slow.</summary>
    public const int OpenLoopConnections = 512;

    public Uri Server => Arguments.Server!;

    public Municipality OutbreakMunicipality => Municipalities.FirstOrDefault(m => m.IbgeCode == Arguments.Municipality)
        ?? throw new InvalidOperationException($"--municipality {Arguments.Municipality} is not among the loaded municipalities.");

    /// <summary>The state the clients watch (where the traffic comes from).</summary>
    public WatchArea StateArea => WatchArea.ForState(Municipalities[0].State.Abbreviation);

    public ServerUsage StartUsage() => ServerUsage.Start(Arguments.ServerPids);

    public ScenarioReport Report() => new(Arguments.Scenario, Arguments.Backend);

    /// <summary>Enough harness users for <paramref name="clients"/> connections at <see cref="HarnessArguments.PerUser"/> each.</summary>
    public async Task<HarnessUsers> UsersForAsync(int clients)
    {
        var count = (clients + Arguments.PerUser - 1) / Arguments.PerUser;
        var started = Stopwatch.GetTimestamp();
        var users = await HarnessUsers.CreateAsync(Server, count, Municipalities[0].State.Abbreviation, CancellationToken.None);
        Console.WriteLine($"{count} users created and logged in in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return users;
    }

    public async Task<AlertWatchers> ConnectAsync(HarnessUsers users, int clients, WatchArea area, IReadOnlyList<long>? resumeFrom = null, long mark = 0)
    {
        var started = Stopwatch.GetTimestamp();
        var watchers = await AlertWatchers.ConnectAsync(Arguments.Servers, users.Sessions, clients, area, Arguments.ConnectConcurrency,
            Arguments.Wait + TimeSpan.FromSeconds(30), resumeFrom, mark);
        Console.WriteLine($"{watchers.Ready:N0} of {clients:N0} clients ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s "
            + $"({Arguments.ConnectConcurrency} connecting at once); failures: {ScenarioReport.ErrorList(watchers.Failures)}");
        return watchers;
    }

    /// <summary>
    /// Background traffic first (batch Bundles of ordinary hemograms from the state, a seed of its own), so JIT and the
    /// server's first collective-analysis initialisation are not timed as ingest or fan-out.
    /// </summary>
    public async Task WarmUpAsync(int hemograms = 1000)
    {
        var warm = await new IngestRun(Http, Payloads.Generate(Municipalities, unchecked(Seed - 1), hemograms, 100), 4, null).RunAsync(CancellationToken.None);
        Console.WriteLine($"Warm-up: {warm.Created:N0} hemograms stored in {warm.Elapsed.TotalSeconds:0.0} s");
        if (warm.Created == 0) throw new InvalidOperationException("Nothing was stored during the warm-up; is the server up? " + string.Join(" ", warm.ErrorSamples));
    }

    /// <summary>
    /// Posts an abnormal cluster in the outbreak municipality as one batch Bundle: the POST that raises the alert.
    /// Returns when it was sent (a Stopwatch timestamp).
    /// </summary>
    public async Task<long> TriggerOutbreakAsync(int seed)
    {
        var body = Payloads.Cluster(OutbreakMunicipality, seed);
        using var request = new HttpRequestMessage(HttpMethod.Post, "fhir") { Content = Payloads.Content(body) };
        var sent = Stopwatch.GetTimestamp();
        using var response = await Http.SendAsync(request);
        LastTriggerMs = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        Console.WriteLine($"Outbreak posted in {OutbreakMunicipality.Name} (one batch Bundle of 40): {(int)response.StatusCode} in {LastTriggerMs:0} ms");
        response.EnsureSuccessStatusCode();
        return sent;
    }

    /// <summary>How long the last <see cref="TriggerOutbreakAsync"/> POST took to be answered.</summary>
    public double LastTriggerMs { get; private set; }

    public static double MillisecondsBetween(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
