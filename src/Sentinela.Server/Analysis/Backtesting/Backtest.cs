using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Options;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Ingestion;
using Task = System.Threading.Tasks.Task;

namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>
/// Runs the server's detection over recorded hemograms on data time, in process, with no server, storage or network:
/// each hemogram is observed at its collection time, and timer ticks fall every <see cref="BacktestRequest.Tick"/> of data
/// time between them, so what is decided is what the server would have decided had the hemograms arrived as collected.
/// </summary>
public static class Backtest
{
    // Lines parsed in parallel per batch: big enough to keep both cores busy, small enough not to hold a file in memory.
    const int ParseBatch = 4096;

    /// <summary>Reads and parses an NDJSON(.gz) file of FHIR Observations once, under the configuration and <paramref name="settings"/>.</summary>
    public static async Task<BacktestInput> ReadAsync(string path, IEnumerable<KeyValuePair<string, string?>> settings, CancellationToken ct)
    {
        await using var services = BacktestServices.Build(settings);
        return await ReadAsync(path, services, ct);
    }

    public static async Task<BacktestResult> RunAsync(BacktestRequest request, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var services = BacktestServices.Build(request.Settings);
        var detection = services.GetRequiredService<IOptions<DetectionOptions>>().Value;
        var engine = services.GetRequiredService<BacktestEngine>();
        var footprints = services.GetRequiredService<AlertFootprints>();
        var input = request.Input ?? await ReadAsync(
            request.InputPath ?? throw new ArgumentException("A backtest needs an input file or hemograms.", nameof(request)), services, ct);
        var reading = Stopwatch.GetElapsedTime(started);

        var tick = request.Tick ?? detection.ScanInterval;
        if (tick <= TimeSpan.Zero) throw new ArgumentException("The tick must be positive.", nameof(request));
        // OrderBy is stable: hemograms collected at the same instant are observed in file order.
        var hemograms = input.Hemograms
            .Where(h => (request.From is null || h.CollectedAt >= request.From) && (request.To is null || h.CollectedAt < request.To))
            .OrderBy(h => h.CollectedAt)
            .ToList();

        var versions = new List<BacktestAlertVersion>();
        async Task KeepAsync(IReadOnlyList<OutbreakAlert> decided)
        {
            foreach (var alert in decided)
            {
                var version = new BacktestAlertVersion(alert, [.. footprints.Of(alert).Municipalities.Order()]);
                versions.Add(version);
                if (request.Output is { } output) await output.WriteLineAsync(version.ToJsonLine().AsMemory(), ct);
            }
        }

        long ticks = 0;
        if (hemograms.Count > 0)
        {
            // Ticks on a grid of whole ticks since the epoch, as a timer started at any moment would fall somewhere on it.
            var next = new DateTimeOffset(hemograms[0].CollectedAt.UtcTicks / tick.Ticks * tick.Ticks, TimeSpan.Zero) + tick;
            for (var i = 0; i < hemograms.Count; i++)
            {
                if (i % ParseBatch == 0) ct.ThrowIfCancellationRequested();
                var h = hemograms[i];
                for (; next <= h.CollectedAt; next += tick, ticks++) await KeepAsync(engine.Tick(next));
                engine.Observe(h);
            }
            var end = request.To ?? hemograms[^1].CollectedAt;
            for (; next <= end; next += tick, ticks++) await KeepAsync(engine.Tick(next));
            // One last decision on everything read, as the server makes after the last request.
            if (next - tick < end)
            {
                await KeepAsync(engine.Tick(end));
                ticks++;
            }
        }
        if (request.Output is { } written) await written.FlushAsync(ct);
        return new BacktestResult(versions, input, hemograms.Count, ticks, reading, Stopwatch.GetElapsedTime(started));
    }

    static async Task<BacktestInput> ReadAsync(string path, IServiceProvider services, CancellationToken ct)
    {
        var parser = services.GetRequiredService<HemogramParser>();
        var fhir = services.GetRequiredService<FhirParser>();
        var factory = services.GetRequiredService<HemogramFactory>();
        var hemograms = new List<Hemogram>();
        var refused = new List<RefusedLine>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long lineNumber = 0, records = 0, duplicates = 0;

        await using var file = File.OpenRead(path);
        using var reader = new StreamReader(await IsGzipAsync(file, ct) ? new GZipStream(file, CompressionMode.Decompress) : file, Encoding.UTF8);
        var batch = new List<(long Number, string Text)>(ParseBatch);
        var parsed = new (HemogramSubmission? Submission, string? Error)[ParseBatch];
        while (true)
        {
            batch.Clear();
            while (batch.Count < ParseBatch && await reader.ReadLineAsync(ct) is { } line)
            {
                lineNumber++;
                if (!string.IsNullOrWhiteSpace(line)) batch.Add((lineNumber, line));
            }
            if (batch.Count == 0) break;
            records += batch.Count;
            Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = ct }, i => parsed[i] = Parse(batch[i].Text, fhir, parser));
            for (var i = 0; i < batch.Count; i++)
            {
                var (submission, error) = parsed[i];
                if (submission is null) refused.Add(new RefusedLine(batch[i].Number, error!));
                // The server stores a resubmission once; so does the backtest (the first one read wins).
                else if (!seen.Add(submission.SourceIdentity)) duplicates++;
                else hemograms.Add(factory.Create(submission, submission.CollectedAt));
            }
        }
        return new BacktestInput(hemograms, records, refused, duplicates);
    }

    /// <summary>Each line as the server reads a body: the bounded strict <see cref="FhirParser"/>, then the hemogram parser.</summary>
    static (HemogramSubmission? Submission, string? Error) Parse(string line, FhirParser fhir, HemogramParser parser)
    {
        var parsed = fhir.Parse(Encoding.UTF8.GetBytes(line), ResourceFormat.Json);
        if (parsed.Resource is not { } resource) return (null, $"not a FHIR resource: {string.Join(" ", parsed.Issues.Select(i => i.Diagnostics))}");
        if (resource is not Observation observation) return (null, $"expected an Observation, got {resource.TypeName}");
        var result = parser.Parse(observation, ReferenceResolver.ContainedOnly);
        return result.Submission is { } s ? (s, null) : (null, string.Join(" ", result.Issues.Select(i => i.Diagnostics)));
    }

    static async Task<bool> IsGzipAsync(FileStream file, CancellationToken ct)
    {
        var magic = new byte[2];
        var read = await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, ct);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
