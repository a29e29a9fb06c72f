using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Serialization;
using Sentinela.Client;
using Sentinela.Geography;
using Sentinela.Simulator.Generation;

namespace Sentinela.AlertLatency;

/// <summary>
/// Usage: sentinela-alert-latency --post URL --watch URL [--alerts 25] [--skip 0] [--municipalities PATH]
///   (SENTINELA_API_KEY: a lab's key for --post; SENTINELA_CPF and SENTINELA_PASSWORD: an administrator, who logs in at --watch)
/// A SignalR client (the .NET SDK) connected to --watch watches a few states. For each of N places far apart, hemograms of
/// a platelets-low outbreak are posted to --post one at a time until one raises an alert; after every POST the alert log's
/// last sequence says which events that hemogram caused (the log is written before the 201). Latency of an event = its
/// arrival at the client − the start of the POST that caused it. Start one server (same URL twice) or two instances of one
/// distributed deployment (bench/alert-latency.sh does both). Against a store that already has alerts, --skip the places a
/// previous run used: a place with an active alert only updates it.
/// </summary>
public static class AlertLatencyBench
{
    static readonly int[] States = [31, 35, 29, 52, 41, 51, 21]; // MG, SP, BA, GO, PR, MT, MA: large and far apart

    public static async Task Main(string[] args)
    {
        var post = new Uri(Option(args, "--post") ?? throw new ArgumentException("--post URL is required"));
        var watch = new Uri(Option(args, "--watch") ?? post.ToString());
        var alerts = int.Parse(Option(args, "--alerts") ?? "25");
        var table = Option(args, "--municipalities") is { } path ? MunicipalityTable.Load(path) : MunicipalityTable.BuiltIn();
        var skip = int.Parse(Option(args, "--skip") ?? "0");
        var places = FarApart(table.All.Where(m => States.Contains(m.StateCode)), minimumKm: 150).Skip(skip).Take(alerts).ToList();
        if (places.Count < alerts) throw new InvalidOperationException($"Only {places.Count} places at least 150 km apart in the table.");

        using var admin = new HttpClient { BaseAddress = watch };
        var login = await admin.PostAsJsonAsync("/api/auth/login", new { cpf = Environment.GetEnvironmentVariable("SENTINELA_CPF"), password = Environment.GetEnvironmentVariable("SENTINELA_PASSWORD") });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var lab = new HttpClient { BaseAddress = post };
        lab.DefaultRequestHeaders.Add("X-Api-Key", Environment.GetEnvironmentVariable("SENTINELA_API_KEY"));

        var arrivals = new ConcurrentDictionary<long, (long At, string Type)>();
        await using var client = new SentinelaAlertClient(new SentinelaClientOptions { ServerUrl = watch, AccessTokenProvider = () => Task.FromResult<string?>(token) });
        client.AlertReceived += e => arrivals.TryAdd(e.Sequence, (Stopwatch.GetTimestamp(), e.EventType));
        await client.ConnectAsync();
        foreach (var state in States) await client.SubscribeAsync(new WatchArea { State = BrazilianState.FromCode(state).Abbreviation });

        var raised = new List<double>();
        var updated = new List<double>();
        var (posts, missing) = (0, 0);
        var last = await LastSequenceAsync(admin);
        var serializer = FhirJsonSerializer.Default;
        foreach (var (place, i) in places.Select((p, i) => (p, i)))
        {
            var generator = new HemogramGenerator([place], seed: 1000 + i,
                [new OutbreakScenario(Sentinela.Simulator.Generation.HemogramParameter.Platelets, AbnormalDirection.Low, place.IbgeCode) { Start = TimeSpan.Zero, Intensity = 0.8 }]);
            for (var k = 0; k < 200; k++)
            {
                var body = new ByteArrayContent(serializer.SerializeToBytes(generator.Next(TimeSpan.FromSeconds(k), DateTimeOffset.UtcNow.AddMinutes(-1)).Observation));
                body.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
                var sent = Stopwatch.GetTimestamp();
                (await lab.PostAsync("/fhir/Observation", body)).EnsureSuccessStatusCode();
                posts++;
                var now = await LastSequenceAsync(admin);
                var caused = new List<(double Ms, string Type)>();
                for (var sequence = last + 1; sequence <= now; sequence++)
                {
                    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
                    while (!arrivals.ContainsKey(sequence) && Stopwatch.GetTimestamp() < deadline) await Task.Delay(1);
                    if (arrivals.TryGetValue(sequence, out var arrival)) caused.Add((Stopwatch.GetElapsedTime(sent, arrival.At).TotalMilliseconds, arrival.Type));
                    else missing++;
                }
                last = now;
                raised.AddRange(caused.Where(c => c.Type == "raised").Select(c => c.Ms));
                updated.AddRange(caused.Where(c => c.Type != "raised").Select(c => c.Ms));
                if (!caused.Any(c => c.Type == "raised")) continue;
                Console.WriteLine($"  {place.Name}/{BrazilianState.FromCode(place.StateCode).Abbreviation}: raised by hemogram {k + 1}, " +
                    string.Join(", ", caused.Select(c => $"{c.Type} {c.Ms:0.0} ms")));
                break;
            }
        }

        Console.WriteLine($"post {post} → watch {watch}: {posts} hemograms posted, {places.Count} places");
        Console.WriteLine($"  raised:  {Summary(raised)}");
        Console.WriteLine($"  updated: {Summary(updated)}");
        Console.WriteLine($"  events logged but not received within 10 s: {missing}");
        Console.WriteLine($"RESULT raised_n={raised.Count} raised_p50_ms={Percentile(raised, 50):0.0} raised_p95_ms={Percentile(raised, 95):0.0} " +
            $"updated_n={updated.Count} updated_p50_ms={Percentile(updated, 50):0.0} updated_p95_ms={Percentile(updated, 95):0.0} missing={missing}");
    }

    static async Task<long> LastSequenceAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonObject>("/api/alerts?limit=1"))!["lastSequence"]!.GetValue<long>();

    /// <summary>Greedy: each place at least <paramref name="minimumKm"/> from every one chosen before, so no alert area takes in another's cases.</summary>
    static IEnumerable<Municipality> FarApart(IEnumerable<Municipality> candidates, double minimumKm)
    {
        var chosen = new List<Municipality>();
        foreach (var m in candidates.OrderBy(m => m.IbgeCode))
        {
            if (chosen.Any(c => c.Centroid.DistanceKm(m.Centroid) < minimumKm)) continue;
            chosen.Add(m);
            yield return m;
        }
    }

    static string Summary(List<double> ms) => ms.Count == 0 ? "none" :
        $"n = {ms.Count}, p50 {Percentile(ms, 50):0.0} ms, p95 {Percentile(ms, 95):0.0} ms, min {ms.Min():0.0} ms, max {ms.Max():0.0} ms";

    /// <summary>Nearest-rank percentile.</summary>
    static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
