using System.Diagnostics;
using Sentinela.Client;
using Sentinela.Geography;
using System.Net.Http.Headers;

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

    /// <summary>
    /// N clients over <see cref="HarnessArguments.Processes"/> processes, each with a harness user's access token (valid
    /// for the server's token lifetime, 15 minutes by default: long enough for one scenario).
    /// </summary>
    public async Task<WatcherPool> ConnectPoolAsync(WatcherKind kind, int clients, HarnessUsers? users = null)
    {
        var started = Stopwatch.GetTimestamp();
        string[] tokens = users is null ? [] : [.. await Task.WhenAll(users.Sessions.Select(async s => await s.GetAccessTokenAsync() ?? ""))];
        var pool = await WatcherPool.ConnectAsync(kind, Arguments, Arguments.Servers, tokens, clients, Municipalities[0].State.Abbreviation);
        Console.WriteLine($"{pool.Ready:N0} of {clients:N0} clients ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s "
            + $"({Arguments.ConnectConcurrency} connecting at once, {Arguments.Processes} process(es)); failures: {ScenarioReport.ErrorList(pool.Failures)}");
        return pool;
    }

    /// <summary>Decides at once (POST /api/analysis/decisions as the administrator), as a decision timer would.</summary>
    public async Task DecideAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/analysis/decisions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await (await AdminAsync()).GetAccessTokenAsync());
        // Not the lab's client: with its API key beside the token the request would be the lab's, and refused.
        using var response = await _adminHttp.Value.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    SentinelaSession? _admin;
    readonly Lazy<HttpClient> _adminHttp = new(() => new HttpClient { BaseAddress = Arguments.Server, Timeout = Arguments.Timeout });

    async Task<SentinelaSession> AdminAsync() => _admin ??= await SentinelaSession.LoginAsync(Server,
        Environment.GetEnvironmentVariable("SENTINELA_ADMIN_CPF") ?? "", Environment.GetEnvironmentVariable("SENTINELA_ADMIN_PASSWORD") ?? "");

    /// <summary>The server's count of resent alert events (its Prometheus endpoint, summed over the instances).</summary>
    public async Task<long> ResendsAsync()
    {
        long total = 0;
        foreach (var server in Arguments.Servers)
        {
            var text = await Http.GetStringAsync(new Uri(server, "metrics"));
            foreach (var line in text.Split('\n'))
                if (line.StartsWith("sentinela_alert_deliveries_total{", StringComparison.Ordinal) && line.Contains("outcome=\"retried\"", StringComparison.Ordinal))
                    total += (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }
        return total;
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
    public Task<long> TriggerOutbreakAsync(int seed) => TriggerOutbreakAsync(seed, OutbreakMunicipality);

    /// <summary>The same outbreak in another place (its own alert).</summary>
    public async Task<long> TriggerOutbreakAsync(int seed, Municipality place)
    {
        var body = Payloads.Cluster(place, seed);
        using var request = new HttpRequestMessage(HttpMethod.Post, "fhir") { Content = Payloads.Content(body) };
        var sent = Stopwatch.GetTimestamp();
        using var response = await Http.SendAsync(request);
        LastTriggerMs = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        Console.WriteLine($"Outbreak posted in {place.Name} (one batch Bundle of 40): {(int)response.StatusCode} in {LastTriggerMs:0} ms");
        response.EnsureSuccessStatusCode();
        return sent;
    }

    /// <summary>How long the last <see cref="TriggerOutbreakAsync"/> POST took to be answered.</summary>
    public double LastTriggerMs { get; private set; }

    public static double MillisecondsBetween(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
