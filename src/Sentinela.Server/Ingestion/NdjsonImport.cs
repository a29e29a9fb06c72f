using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Options;
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
    /// <summary>Lines parsed in parallel and stored in one write: large enough to amortise a commit, small enough to show progress.</summary>
    public const int BatchLines = 2000;

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
        using var text = new StreamReader(gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file, Encoding.UTF8, leaveOpen: true);
        var batch = new List<(long Number, string Line)>(BatchLines);
        var plans = new RequestPlan?[BatchLines];
        var errors = new IReadOnlyList<ParseIssue>?[BatchLines];
        long number = 0, created = 0, unchanged = 0, revised = 0, refusedCount = 0;
        Progress Now() => new(number, created, unchanged, revised, refusedCount, length > 0 ? Math.Min(1, (double)file.Position / length) : 0,
            Stopwatch.GetElapsedTime(started));

        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchLines && await text.ReadLineAsync(ct) is { } line)
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line)) batch.Add((number, line));
            }
            if (batch.Count == 0) break;
            // Parsing is the CPU cost (Firely's validating deserialiser): spread over the cores.
            Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = ct }, i => (plans[i], errors[i]) = Read(batch[i].Line, submitter));

            var submissions = new List<HemogramSubmission>();
            var lineOf = new List<long>();
            for (var i = 0; i < batch.Count; i++)
            {
                if (errors[i] is { } error)
                {
                    refusedCount++;
                    refused?.Invoke(batch[i].Number, error);
                    continue;
                }
                foreach (var hemogram in plans[i]!.Hemograms)
                {
                    submissions.Add(hemogram.Submission);
                    lineOf.Add(batch[i].Number);
                }
            }
            if (submissions.Count > 0)
            {
                var results = await intake.SubmitAsync(submissions, submitter, "import", ct, history: true);
                for (var i = 0; i < results.Count; i++)
                {
                    switch (results[i].Outcome)
                    {
                        case WriteOutcome.Created: created++; break;
                        case WriteOutcome.Unchanged: unchanged++; break;
                        case WriteOutcome.Updated or WriteOutcome.Retracted: revised++; break;
                        default:
                            refusedCount++;
                            refused?.Invoke(lineOf[i], [new ParseIssue(results[i].Outcome == WriteOutcome.Conflict ? IssueType.Conflict : IssueType.NotFound,
                                results[i].Describe())]);
                            break;
                    }
                }
            }
            progress?.Invoke(Now());
        }
        return Now();
    }

    /// <summary>A line as a body, within a body's size limit: refused whole when any of its entries is (a line is one laboratory record).</summary>
    (RequestPlan? Plan, IReadOnlyList<ParseIssue>? Error) Read(string line, Guid? submitter)
    {
        var max = options.Value.MaxBodyBytes;
        var body = line.Length > max ? null : Encoding.UTF8.GetBytes(line);
        if (body is null || body.Length > max) return (null, [new ParseIssue(IssueType.TooLong, $"The line exceeds the limit of {max} bytes a resource may have.")]);
        var parsed = fhir.Parse(body, ResourceFormat.Json);
        if (parsed.Resource is not { } resource) return (null, parsed.Issues);
        var plan = reader.Read(resource, parsed.EntryIssues, submitter);
        if (plan.AnyRefused) return (null, plan.Refusals.ToList());
        return plan.Hemograms.Count == 0 ? (null, [new ParseIssue(IssueType.Required, $"{resource.TypeName} holds no hemogram.")]) : (plan, null);
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
