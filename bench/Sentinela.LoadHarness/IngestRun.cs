using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Sentinela.LoadHarness;

/// <summary>
/// Sends every body once with a fixed number of requests in flight (each sender takes the next unsent body), timing each
/// request from send to the end of the response body. A hemogram counts as stored on 201 Created, or on an entry
/// "201 Created" in a batch-response, which the server gives only once the write is committed to SQLite.
/// With <c>bodiesPerSecond</c> the run is open-loop instead: body i leaves at start + i / rate whether or not earlier
/// answers have come back, so a slow server shows as latency and errors, not as a lower offered rate.
/// </summary>
public sealed class IngestRun(HttpClient http, Payloads payloads, int concurrency, string? prefer, double? bodiesPerSecond = null)
{
    const int KeptErrorSamples = 5;

    readonly long[] _latencyTicks = new long[payloads.Bodies.Count];
    readonly long[] _sentAt = new long[payloads.Bodies.Count];
    readonly Dictionary<string, int> _errors = [];
    readonly List<string> _errorSamples = [];
    int _next = -1, _created, _duplicates, _failed;

    /// <summary>When body <paramref name="body"/> was sent (a <see cref="Stopwatch"/> timestamp), 0 before.</summary>
    public long SentAt(int body) => Volatile.Read(ref _sentAt[body]);

    public async Task<IngestResult> RunAsync(CancellationToken ct)
    {
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await (bodiesPerSecond is { } rate ? SendOnScheduleAsync(rate, started, ct)
            : Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => SendAllAsync(ct))));
        var elapsed = Stopwatch.GetElapsedTime(started);
        clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;

        return new IngestResult(
            payloads.Hemograms, payloads.PerRequest, concurrency, elapsed,
            _created, _duplicates, _failed,
            [.. _latencyTicks.Where(t => t > 0).Select(t => TimeSpan.FromTicks(t)).Order()],
            new Dictionary<string, int>(_errors), [.. _errorSamples], clientCpu);
    }

    async Task SendAllAsync(CancellationToken ct)
    {
        await Task.Yield();
        for (var i = Interlocked.Increment(ref _next); i < payloads.Bodies.Count; i = Interlocked.Increment(ref _next))
            await SendAsync(i, ct);
    }

    async Task SendOnScheduleAsync(double rate, long started, CancellationToken ct)
    {
        var inFlight = new Task[payloads.Bodies.Count];
        for (var i = 0; i < inFlight.Length; i++)
        {
            var wait = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            inFlight[i] = SendAsync(i, ct);
        }
        await Task.WhenAll(inFlight);
    }

    async Task SendAsync(int i, CancellationToken ct)
    {
        var isBundle = payloads.PerRequest > 1;
        using var request = new HttpRequestMessage(HttpMethod.Post, isBundle ? "fhir" : "fhir/Observation") { Content = Payloads.Content(payloads.Bodies[i]) };
        request.Headers.Accept.ParseAdd(Payloads.MediaType);
        if (prefer is not null) request.Headers.TryAddWithoutValidation("Prefer", "return=" + prefer);

        var started = Stopwatch.GetTimestamp();
        Volatile.Write(ref _sentAt[i], started);
        HttpStatusCode status;
        byte[] body;
        try
        {
            using var response = await http.SendAsync(request, ct);
            body = await response.Content.ReadAsByteArrayAsync(ct);
            status = response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            Fail(e.GetType().Name, e.Message, isBundle ? payloads.PerRequest : 1);
            return;
        }
        _latencyTicks[i] = Math.Max(1, Stopwatch.GetElapsedTime(started).Ticks);

        if (!isBundle)
        {
            if (status == HttpStatusCode.Created) Interlocked.Increment(ref _created);
            else if (status == HttpStatusCode.OK) Interlocked.Increment(ref _duplicates);
            else Fail(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), Preview(body), 1);
            return;
        }
        if (status != HttpStatusCode.OK)
        {
            Fail(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), Preview(body), payloads.PerRequest);
            return;
        }
        var entries = EntryStatuses(body);
        Interlocked.Add(ref _created, entries.Count(s => s == 201));
        Interlocked.Add(ref _duplicates, entries.Count(s => s == 200));
        foreach (var failed in entries.Where(s => s is not (200 or 201)))
            Fail($"entry {failed}", Preview(body), 1);
        if (entries.Count < payloads.PerRequest) Fail("entries missing", Preview(body), payloads.PerRequest - entries.Count);
    }

    void Fail(string kind, string detail, int hemograms)
    {
        lock (_errors)
        {
            _errors[kind] = _errors.GetValueOrDefault(kind) + hemograms;
            _failed += hemograms;
            if (_errorSamples.Count < KeptErrorSamples) _errorSamples.Add($"{kind}: {detail}");
        }
    }

    /// <summary>entry[].response.status of a batch-response ("201 Created" → 201).</summary>
    static List<int> EntryStatuses(byte[] json)
    {
        var statuses = new List<int>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("entry", out var entries)) return statuses;
            foreach (var entry in entries.EnumerateArray())
                statuses.Add(entry.TryGetProperty("response", out var response) && response.TryGetProperty("status", out var s)
                    && s.GetString() is { Length: >= 3 } text && int.TryParse(text.AsSpan(0, 3), out var code) ? code : 0);
        }
        catch (JsonException)
        {
            // Counted as missing entries by the caller.
        }
        return statuses;
    }

    static string Preview(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        return text.ReplaceLineEndings(" ");
    }
}
