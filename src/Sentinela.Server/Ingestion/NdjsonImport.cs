using System.Diagnostics;
using System.IO.Compression;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Options;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Bulk backfill of history: an NDJSON file (optionally gzip), one FHIR resource a line — Observations, DiagnosticReports
/// with contained results, or Bundles, as a FHIR server's bulk export writes them — read exactly as the FHIR endpoints read
/// a body (<see cref="FhirParser"/>, <see cref="HemogramReader"/>) and stored through <see cref="HemogramIntake"/> in
/// batches, so an import is idempotent (a line imported twice is stored once) and amendments or retractions in it revise
/// what is stored. Each hemogram counts on its collection day: the counters (and so the detectors' baselines) take it in,
/// and an outbreak that ended before the detectors' recent days raises no alert (docs/API.md, "Bulk import"). Both the
/// command (<see cref="ImportCommand"/>) and <c>POST /fhir/$import</c> (<see cref="BulkImports"/>) run through here.
/// </summary>
public sealed class NdjsonImport(FhirParser fhir, HemogramReader reader, HemogramIntake intake, IOptions<IngestionOptions> options)
{
    /// <summary>Lines parsed in parallel at a time: enough to keep every core busy, few enough to hold in memory.</summary>
    public const int BatchLines = 2000;

    /// <summary>
    /// Hemograms stored in one transaction. Each commit rewrites every index page it touched, and the result identities
    /// are random keys, so a transaction rewrites pages all over their indexes whatever its size: 2,000 a transaction
    /// spent more than half the store's time on that, 10,000 halved it, and 25,000 gained another 10 % on a 450,000-line
    /// file (with ~50 MB more memory; docs/BENCHMARKS.md, issue 15).
    /// </summary>
    public const int WriteHemograms = 25_000;

    /// <summary>What an import did so far (also its final report).</summary>
    /// <param name="Fraction">How much of the file is read, 0 to 1.</param>
    public sealed record Progress(long Lines, long Created, long Unchanged, long Revised, long Refused, double Fraction, TimeSpan Elapsed)
    {
        public double LinesPerSecond => Elapsed.TotalSeconds > 0 ? Lines / Elapsed.TotalSeconds : 0;
    }

    /// <param name="submitter">The laboratory account the history belongs to (it locates hemograms that say nothing better, and may read them back); null for none.</param>
    /// <param name="refused">Called with the line number and why, for each line that is not stored (or whose hemogram the store refused).</param>
    public async Task<Progress> ImportAsync(Stream file, Guid? submitter, Action<Progress>? progress, Action<long, IReadOnlyList<ParseIssue>>? refused,
        CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var length = file.CanSeek ? file.Length : 0;
        var gzip = await IsGzipAsync(file, ct);
        var lines = new NdjsonLines(gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file, options.Value.MaxBodyBytes);
        var batch = new List<NdjsonLines.Line>(BatchLines);
        var analysed = new Hemogram[]?[BatchLines];
        var errors = new IReadOnlyList<ParseIssue>?[BatchLines];
        long created = 0, unchanged = 0, revised = 0, refusedCount = 0;
        Progress Now() => new(lines.LinesRead, created, unchanged, revised, refusedCount, length > 0 ? Math.Min(1, (double)file.Position / length) : 0,
            Stopwatch.GetElapsedTime(started));

        // The store writes one group while the next is parsed and analysed (writing is one core's work, the rest every core's); the
        // results are tallied here, in line order, once the write is done.
        var group = new Group();
        Task<(Group Group, IReadOnlyList<IntakeResult> Results)>? writing = null;
        try
        {
            while (true)
            {
                await lines.ReadBatchAsync(batch, BatchLines, ct);
                Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = ct }, i => (analysed[i], errors[i]) = Read(batch[i].Bytes, submitter));
                for (var i = 0; i < batch.Count; i++)
                {
                    if (errors[i] is { } error)
                    {
                        refusedCount++;
                        refused?.Invoke(batch[i].Number, error);
                    }
                    else
                    {
                        foreach (var hemogram in analysed[i]!) group.Add(hemogram, batch[i].Number);
                    }
                }
                var end = batch.Count == 0;
                if (group.Hemograms.Count >= WriteHemograms || (end && group.Hemograms.Count > 0))
                {
                    if (writing is not null) Tally(await writing);
                    writing = WriteAsync(group);
                    group = new Group();
                }
                if (end) break;
                progress?.Invoke(Now());
            }
        }
        catch (OperationCanceledException) when (writing is not null)
        {
            // What was handed to the store commits whatever happens now: count it before stopping.
            Tally(await writing);
            throw;
        }
        if (writing is not null) Tally(await writing);
        return Now();

        async Task<(Group, IReadOnlyList<IntakeResult>)> WriteAsync(Group written) =>
            (written, await intake.StoreAsync(written.Hemograms, "import", ct));

        void Tally((Group Group, IReadOnlyList<IntakeResult> Results) write)
        {
            for (var i = 0; i < write.Results.Count; i++)
            {
                switch (write.Results[i].Outcome)
                {
                    case WriteOutcome.Created: created++; break;
                    case WriteOutcome.Unchanged: unchanged++; break;
                    case WriteOutcome.Updated or WriteOutcome.Retracted: revised++; break;
                    default:
                        refusedCount++;
                        refused?.Invoke(write.Group.Lines[i], [new ParseIssue(write.Results[i].RefusalType,
                            write.Results[i].Describe())]);
                        break;
                }
            }
            progress?.Invoke(Now());
        }
    }

    /// <summary>Hemograms waiting for one write, with the line each came from.</summary>
    sealed class Group
    {
        public List<Hemogram> Hemograms { get; } = new(WriteHemograms + BatchLines);
        public List<long> Lines { get; } = new(WriteHemograms + BatchLines);

        public void Add(Hemogram hemogram, long line)
        {
            Hemograms.Add(hemogram);
            Lines.Add(line);
        }
    }

    /// <summary>
    /// A line as a body, within a body's size limit (null: it was longer), read and individually analysed: refused whole
    /// when any of its entries is (a line is one laboratory record).
    /// </summary>
    (Hemogram[]? Hemograms, IReadOnlyList<ParseIssue>? Error) Read(ReadOnlyMemory<byte>? line, Guid? submitter)
    {
        if (line is not { } body)
            return (null, [new ParseIssue(IssueType.TooLong, $"The line exceeds the limit of {options.Value.MaxBodyBytes} bytes a resource may have.")]);
        var parsed = fhir.ParseJson(body);
        if (parsed.Resource is not { } resource) return (null, parsed.Issues);
        var plan = reader.Read(resource, parsed.EntryIssues, submitter);
        if (plan.AnyRefused) return (null, plan.Refusals.ToList());
        if (plan.Hemograms.Count == 0) return (null, [new ParseIssue(IssueType.Required, $"{resource.TypeName} holds no hemogram.")]);
        return (plan.Hemograms.Select(h => intake.AnalyzeHistory(h.Submission, submitter)).ToArray(), null);
    }

    static async Task<bool> IsGzipAsync(Stream file, CancellationToken ct)
    {
        if (!file.CanSeek) return false;
        var magic = new byte[2];
        var read = await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, ct);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
