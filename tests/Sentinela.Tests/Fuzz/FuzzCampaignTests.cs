using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Sentinela.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentinela.Tests.Fuzz;

/// <summary>
/// Hostile input on every endpoint of the published server, run as its own process (so a crash is seen, not suffered):
/// <see cref="FuzzSettings.Count"/> mutated FHIR bodies (JSON and XML, to the three FHIR entry points), REST bodies and
/// malformed SignalR frames, with canary hemograms in between. Nothing may answer 5xx or hang, the process must stay up,
/// its managed heap must come back near where it started, and every canary must be stored exactly once. Seeded:
/// <c>SENTINELA_FUZZ_SEED=7 SENTINELA_FUZZ_COUNT=20000</c> repeats a run; failing bodies are saved beside the test binaries.
/// </summary>
public sealed partial class FuzzCampaignTests(ITestOutputHelper output)
{
    /// <summary>What a run may leave behind: the hemograms it stored (in the analysis index), caches filled once.</summary>
    const long HeapTolerance = 48L * 1_048_576;

    /// <summary>FHIR and REST bodies of the warm-up (and a quarter as many hub frames).</summary>
    const int WarmUpBodies = 200;

    [Fact(Timeout = 30 * 60 * 1000)]
    public async System.Threading.Tasks.Task Hostile_bodies_on_every_endpoint_get_4xx_and_never_crash_hang_leak_or_lose_a_hemogram()
    {
        var settings = FuzzSettings.FromEnvironment();
        var tally = new FuzzTally();
        var clock = Stopwatch.StartNew();
        await using var server = await ServerProcess.StartAsync(
        [
            // Limits out of the way, so hostile bodies reach the parsers instead of a 429 (the limits have tests of their own).
            "--Sentinela:Limits:RestRequestsPerMinute=100000000", "--Sentinela:Limits:HemogramsPerMinutePerLab=100000000",
            "--Sentinela:Limits:HubCallsPerMinute=100000000", "--Sentinela:Identity:MaxFailedLogins=1000",
            $"--Sentinela:Geography:MunicipalitiesFile={ReferenceData.MunicipalitiesFile ?? ""}",
        ]);
        var credentials = await CredentialsAsync(server);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var fhir = new FhirCorpus(settings.Seed);

        // Warm up before the memory baseline, so it holds what is filled once (JIT, caches, the analysis engine's tables
        // and its first decision): canaries, a decision, then a slice of every corpus beyond the indices the run uses.
        // Its answers are held to the same rules. Without it a baseline taken before the first decision was 18 MiB lower.
        for (var i = 0; i < 200; i++) await SendAsync(http, credentials, fhir.Canary(-1 - i).Request, "warm-up", tally, server);
        using (var decide = new HttpRequestMessage(HttpMethod.Post, "/api/analysis/decisions"))
        {
            decide.Headers.Authorization = new("Bearer", credentials.AdminToken);
            (await http.SendAsync(decide)).EnsureSuccessStatusCode();
        }
        var warmRest = new RestCorpus(settings.Seed);
        for (var i = 0; i < WarmUpBodies; i++)
        {
            await SendAsync(http, credentials, fhir.Request(settings.Count + i), "warm-up", tally, server, $"seed {settings.Seed} FHIR case {settings.Count + i}");
            await SendAsync(http, credentials, warmRest.Request(settings.RestCount + i), "warm-up", tally, server, $"seed {settings.Seed} REST case {settings.RestCount + i}");
        }
        await new HubFrameFuzzer(server.BaseAddress, credentials.AdminToken, settings.Seed + 1).RunAsync(WarmUpBodies / 4, tally, CancellationToken.None);
        await server.CollectGarbageAsync();
        var baselineByPart = await HeapAfterLastGcAsync(http);
        var baseline = baselineByPart.Values.Sum();

        var canaries = new System.Collections.Concurrent.ConcurrentBag<(FuzzCanary Canary, HttpResponseMessage First, string Body)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            if (i % FuzzSettings.CanaryEvery == 0)
            {
                var canary = fhir.Canary(i / FuzzSettings.CanaryEvery);
                using var message = canary.Request.ToMessage(credentials);
                var first = await http.SendAsync(message, ct);
                canaries.Add((canary, first, await first.Content.ReadAsStringAsync(ct)));
            }
            await SendAsync(http, credentials, fhir.Request(i), "fhir", tally, server, $"seed {settings.Seed} FHIR case {i}");
            if (i % 500 == 0) Assert.True(server.IsAlive, $"The server died during the FHIR bodies: {Tail(server)}");
        });
        var afterFhir = clock.Elapsed;

        var rest = new RestCorpus(settings.Seed);
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.RestCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            await SendAsync(http, credentials, rest.Request(i), "rest", tally, server, $"seed {settings.Seed} REST case {i}"));
        var afterRest = clock.Elapsed;

        await new HubFrameFuzzer(server.BaseAddress, credentials.AdminToken, settings.Seed).RunAsync(settings.HubFrames, tally, CancellationToken.None);
        var afterHub = clock.Elapsed;

        Assert.True(server.IsAlive, $"The server died: {Tail(server)}");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        var canaryProblems = await CheckCanariesAsync(http, credentials, canaries);
        // ArrayPool.Shared keeps large buffers (the bodies' JSON and XML) until a gen2 collection finds them a minute
        // unused, so the live heap comes back only after the server has been idle a while: it is read after a full
        // collection every 15 s, for up to 3 minutes, until it is back near where it started.
        var idle = Stopwatch.StartNew();
        Dictionary<string, long> endByPart;
        long end;
        do
        {
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(15));
            await server.CollectGarbageAsync();
            endByPart = await HeapAfterLastGcAsync(http);
            end = endByPart.Values.Sum();
        } while (end > baseline + HeapTolerance && idle.Elapsed < TimeSpan.FromMinutes(3));

        var report = $"""
            Fuzz seed {settings.Seed}: {settings.Count} FHIR bodies, {settings.RestCount} REST bodies, {settings.HubFrames} hub frames, {canaries.Count} canaries
            {tally.Report()}
            canaries stored once: {canaries.Count - canaryProblems.Count}/{canaries.Count}
            live managed heap (after a full GC): {baseline / 1_048_576} MiB at start, {end / 1_048_576} MiB after {idle.Elapsed.TotalSeconds:0} s idle; working set {server.WorkingSetBytes / 1_048_576} MiB
            by part, start → end (MiB): {string.Join(", ", endByPart.Select(p => $"{p.Key} {baselineByPart.GetValueOrDefault(p.Key) / 1_048_576} → {p.Value / 1_048_576}"))}
            time: FHIR {afterFhir:mm\:ss}, REST {afterRest - afterFhir:mm\:ss}, hub {afterHub - afterRest:mm\:ss}; server alive: {server.IsAlive}
            slowest answers:
            {tally.SlowestReport(5)}
            """;
        output.WriteLine(report);
        if (settings.ReportFile is { } file) await File.AppendAllTextAsync(file, report + "\n\n");
        if (tally.Failures.Count > 0)
            output.WriteLine($"Failing bodies saved in {tally.SaveFailures(Path.Combine(AppContext.BaseDirectory, "fuzz-failures", $"seed-{settings.Seed}"))}");

        Assert.Empty(tally.Failures);
        Assert.Empty(canaryProblems);
        Assert.True(canaries.Count >= settings.Count / FuzzSettings.CanaryEvery);
        // Live heap after a full collection: what the run left behind (stored hemograms in the analysis index, caches), not garbage.
        Assert.True(end <= baseline + HeapTolerance, $"The live managed heap grew from {baseline} to {end} bytes.");
        Assert.True(tally.Slowest < TimeSpan.FromSeconds(10), $"An answer took {tally.Slowest}:\n{tally.SlowestReport(5)}");
        Assert.DoesNotContain("\"EventId\":9001", server.Log());
    }

    static async System.Threading.Tasks.Task SendAsync(HttpClient http, FuzzCredentials credentials, FuzzRequest request, string area, FuzzTally tally, ServerProcess server, string? id = null)
    {
        using var message = request.ToMessage(credentials);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(message);
            await response.Content.ReadAsByteArrayAsync();
            tally.Took(Stopwatch.GetElapsedTime(started), $"{id}: {request.Method} {request.Path} — {request.Description}");
            var status = (int)response.StatusCode;
            tally.Count(area, status.ToString());
            if (status >= 500) tally.Failure(area, $"{id}: {status} for {request.Method} {request.Path} — {request.Description}", request.Body);
        }
        catch (TaskCanceledException)
        {
            tally.Count(area, "timeout");
            tally.Failure(area, $"{id}: no answer within 30 s ({Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s) for {request.Method} {request.Path} — {request.Description}", request.Body);
        }
        catch (HttpRequestException e) when (server.IsAlive && request.Body?.Length > 1_048_576)
        {
            // Kestrel may close the connection while a body it already refused (413) is still being sent.
            tally.Count(area, "reset after 413: " + e.HttpRequestError);
        }
        catch (HttpRequestException e)
        {
            tally.Count(area, "connection error");
            tally.Failure(area, $"{id}: {e.Message} for {request.Method} {request.Path} — {request.Description}; server alive: {server.IsAlive}", request.Body);
        }
    }

    /// <summary>Each canary was stored by its first request and is found stored ("already stored") when sent again.</summary>
    static async Task<List<string>> CheckCanariesAsync(HttpClient http, FuzzCredentials credentials,
        IEnumerable<(FuzzCanary Canary, HttpResponseMessage First, string Body)> canaries)
    {
        var problems = new List<string>();
        foreach (var (canary, first, firstBody) in canaries.OrderBy(c => c.Canary.Number))
        {
            using var message = canary.Request.ToMessage(credentials);
            using var again = await http.SendAsync(message);
            var againBody = await again.Content.ReadAsStringAsync();
            var (created, stored) = canary.Route switch
            {
                FuzzCanaryRoute.Observation => (first.StatusCode == HttpStatusCode.Created,
                    again.StatusCode == HttpStatusCode.OK && again.Headers.Location == first.Headers.Location),
                FuzzCanaryRoute.BatchEntry => (EntryStatuses(firstBody) is ["201 Created", "400 Bad Request"],
                    EntryStatuses(againBody) is ["200 OK", "400 Bad Request"] && Locations(againBody)[0] == Locations(firstBody)[0]),
                FuzzCanaryRoute.TransactionEntry => (EntryStatuses(firstBody) is ["201 Created"],
                    EntryStatuses(againBody) is ["200 OK"] && Locations(againBody)[0] == Locations(firstBody)[0]),
                _ => (firstBody.Contains("1 stored, 0 already stored"), againBody.Contains("0 stored, 1 already stored")),
            };
            if (!created || !stored)
                problems.Add($"canary {canary.Number} ({canary.Route}): first {(int)first.StatusCode} {Short(firstBody)}; again {(int)again.StatusCode} {Short(againBody)}");
        }
        return problems;
    }

    static string[] EntryStatuses(string body) =>
        FhirBodies.Read(System.Text.Encoding.UTF8.GetBytes(body)) is Bundle b ? b.Entry.Select(e => e.Response?.Status ?? "").ToArray() : [];

    static string?[] Locations(string body) =>
        FhirBodies.Read(System.Text.Encoding.UTF8.GetBytes(body)) is Bundle b ? b.Entry.Select(e => e.Response?.Location).ToArray() : [null];

    static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";

    static async Task<FuzzCredentials> CredentialsAsync(ServerProcess server)
    {
        var key = await server.CreateLabKeyAsync();
        var admin = await server.AdminTokenAsync();
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/users")
        {
            Content = JsonContent.Create(new { cpf = "111.444.777-35", name = "Gestora de BH", password = "uma senha bem longa", role = "municipalManager", municipalityCode = 3106200 }),
        };
        create.Headers.Authorization = new("Bearer", admin);
        (await server.Http.SendAsync(create)).EnsureSuccessStatusCode();
        var login = await server.Http.PostAsJsonAsync("/api/auth/login", new { cpf = "111.444.777-35", password = "uma senha bem longa" });
        var manager = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString()!;
        return new FuzzCredentials(key, admin, manager);
    }

    /// <summary>
    /// The managed heap right after the server's last garbage collection, from its own /metrics, per part (gen0, gen1,
    /// gen2, loh, poh): the sum is the live heap, and which part grew says what kind of memory stayed.
    /// </summary>
    static async Task<Dictionary<string, long>> HeapAfterLastGcAsync(HttpClient http) =>
        HeapSize().Matches(await http.GetStringAsync("/metrics"))
            .GroupBy(m => GenerationLabel().Match(m.Value) is { Success: true } g ? g.Groups[1].Value : "?")
            .ToDictionary(g => g.Key, g => g.Sum(m => long.Parse(m.Groups[1].Value)));

    static string Tail(ServerProcess server)
    {
        var log = server.Log();
        return log.Length <= 4000 ? log : log[^4000..];
    }

    [GeneratedRegex(@"generation=""([^""]+)""")]
    private static partial Regex GenerationLabel();

    [GeneratedRegex(@"^dotnet_gc_last_collection_heap_size_bytes\{[^}]*\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex HeapSize();
}
