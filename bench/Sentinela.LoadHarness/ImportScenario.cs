using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sentinela.LoadHarness;

/// <summary>
/// Bulk import throughput (bench/import-benchmark.sh): --count simulator hemograms as gzip NDJSON, posted to
/// POST /fhir/$import and polled until done; or, with --ndjson-out, only written to that file for
/// <c>sentinela-server import</c>.
/// </summary>
public static class ImportScenario
{
    public static async Task<int> RunAsync(ScenarioContext context)
    {
        var (arguments, municipalities, http, seed) = context;
        var count = arguments.Count ?? 20_000;
        var body = Ndjson(Payloads.Generate(municipalities, seed, count, bundle: 0));
        if (arguments.NdjsonOut is { } path)
        {
            await File.WriteAllBytesAsync(path, body);
            Console.WriteLine($"Wrote {count:N0} hemograms to {path} ({body.Length / 1024.0 / 1024.0:0.0} MiB gzip NDJSON).");
            return 0;
        }

        var pid = arguments.ServerPids.Count > 0 ? arguments.ServerPids[0] : (int?)null;
        var cpuBefore = ServerUsage.Cpu(pid);
        var clock = Stopwatch.StartNew();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+ndjson");
        using var accepted = await http.PostAsync("/fhir/$import", content);
        if (accepted.StatusCode != HttpStatusCode.Accepted)
        {
            Console.Error.WriteLine($"sentinela-load: POST /fhir/$import answered {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
            return 1;
        }
        var status = accepted.Content.Headers.ContentLocation?.ToString() ?? accepted.Headers.GetValues("Content-Location").Single();
        var uploaded = clock.Elapsed;
        JsonElement outcome;
        while (true)
        {
            using var poll = await http.GetAsync(status);
            if (poll.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests)
            {
                // As a client should: when the server says (Retry-After), else soon; status reads count against the REST limit.
                await Task.Delay(poll.Headers.RetryAfter?.Delta is { } wait && wait < TimeSpan.FromSeconds(2) ? wait : TimeSpan.FromSeconds(1));
                continue;
            }
            if (poll.StatusCode != HttpStatusCode.OK)
            {
                Console.Error.WriteLine($"sentinela-load: GET {status} answered {(int)poll.StatusCode}: {await poll.Content.ReadAsStringAsync()}");
                return 1;
            }
            outcome = await poll.Content.ReadFromJsonAsync<JsonElement>();
            break;
        }
        var elapsed = clock.Elapsed;
        var cpu = ServerUsage.Cpu(pid) - cpuBefore;
        var stored = outcome.GetProperty("stored").GetInt64();
        var cpuSeconds = cpu?.TotalSeconds ?? double.NaN;
        var perHemogram = cpu is { } c ? string.Create(CultureInfo.InvariantCulture, $"; server CPU {c.TotalSeconds:0.0} s ({c.TotalMilliseconds * 1000 / Math.Max(1, count):0} µs per hemogram)") : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"$import of {count:N0} hemograms ({body.Length / 1024.0 / 1024.0:0.0} MiB gzip): {outcome.GetProperty("status").GetString()}, {stored:N0} stored, {outcome.GetProperty("duplicates").GetInt64():N0} duplicates, {outcome.GetProperty("refused").GetInt64():N0} refused; upload {uploaded.TotalSeconds:0.0} s, total {elapsed.TotalSeconds:0.0} s: {count / elapsed.TotalSeconds:N0} hemograms/s{perHemogram}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT mode=import hemograms={count} stored={stored} seconds={elapsed.TotalSeconds:0.000} hemograms_per_s={count / elapsed.TotalSeconds:0} server_cpu_s={cpuSeconds:0.0}"));
        return stored + outcome.GetProperty("duplicates").GetInt64() == count ? 0 : 1;
    }

    static byte[] Ndjson(Payloads payloads)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            foreach (var observation in payloads.Bodies)
            {
                gzip.Write(observation);
                gzip.WriteByte((byte)'\n');
            }
        return buffer.ToArray();
    }
}
