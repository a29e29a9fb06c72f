using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Sentinela.Server.Identity;
using Sentinela.Server.Limits;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Bulk backfill over HTTP, after the FHIR Bulk Data asynchronous request pattern: <c>POST /fhir/$import</c> with an NDJSON
/// body (gzip or not) answers 202 with a <c>Content-Location</c> to poll; <c>GET</c> there answers 202 with
/// <c>X-Progress</c> while it runs and 200 with the outcome (counts, refused lines with their OperationOutcomes) once done;
/// <c>DELETE</c> there cancels. The laboratory imports as itself; the status is its own (or an administrator's) to read,
/// from any instance (<see cref="BulkImports"/>).
/// No per-minute quota: history is a backfill, bounded by the body limit and one import per laboratory at a time.
/// </summary>
public static class BulkImportEndpoints
{
    static readonly HashSet<string> NdjsonTypes = ["application/fhir+ndjson", "application/ndjson", "application/x-ndjson"];

    public static IEndpointRouteBuilder MapBulkImport(this IEndpointRouteBuilder fhir)
    {
        fhir.MapPost("/$import", StartAsync).RequireAuthorization(SentinelaPolicies.SubmitHemograms);
        var status = fhir.MapGroup("/$import-status").RequireAuthorization(SentinelaPolicies.ReadHemograms)
            .RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        status.MapGet("/{id}", Status);
        status.MapDelete("/{id}", Cancel);
        return fhir;
    }

    static async Task<IResult> StartAsync(HttpRequest request, BulkImports imports, IOptions<IngestionOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxImportBytes;
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !NdjsonTypes.Contains(mediaType))
            return FhirResult.Outcome(415, IssueType.NotSupported,
                $"Content-Type '{request.ContentType}' is not an import; send NDJSON (application/fhir+ndjson), one FHIR resource a line, gzip or not.");
        if (request.ContentLength > max) return TooLarge(max);

        var (job, busy) = await imports.ReserveAsync(request.HttpContext.User.LabOf()!.Value, ct);
        if (job is null)
        {
            request.HttpContext.Response.Headers.RetryAfter = "60";
            return FhirResult.Outcome(429, IssueType.Throttled, busy!);
        }
        long received;
        try
        {
            received = await SpoolAsync(request, job.File, max, ct);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
            await imports.ReleaseAsync(job);
            return e is BadHttpRequestException { StatusCode: 413 } ? TooLarge(max) : FhirResult.Outcome(400, IssueType.Incomplete, "The body could not be read to its end.");
        }
        if (received > max || received == 0)
        {
            await imports.ReleaseAsync(job);
            return received > max ? TooLarge(max) : FhirResult.Outcome(400, IssueType.Required, "The request body is empty.");
        }
        await imports.EnqueueAsync(job, ct);
        var location = $"/fhir/$import-status/{job.Id}";
        request.HttpContext.Response.Headers.ContentLocation = location;
        return new FhirResult(FhirResult.Information([$"Import accepted ({received:N0} bytes): poll {location} for its progress and outcome."]), 202);
    }

    /// <summary>Copies at most max + 1 bytes, so an oversized chunked body is caught without storing all of it.</summary>
    static async Task<long> SpoolAsync(HttpRequest request, string path, long max, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max + 1;
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while (total <= max && (read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
            total += read;
        }
        return total;
    }

    static async Task<IResult> Status(string id, BulkImports imports, HttpContext context, CancellationToken ct)
    {
        if (await OwnedAsync(id, imports, context, ct) is not { } job) return NotFound(id);
        if (!job.IsFinished)
        {
            context.Response.Headers["X-Progress"] = job.Progress is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"{p.Fraction:P0} read: {p.Lines:N0} lines, {p.Created:N0} stored, {p.Refused:N0} refused")
                : job.State.ToString().ToLowerInvariant();
            context.Response.Headers.RetryAfter = "2";
            return Results.StatusCode(202);
        }
        return Results.Bytes(Outcome(job), "application/json");
    }

    static async Task<IResult> Cancel(string id, BulkImports imports, HttpContext context, CancellationToken ct)
    {
        if (await OwnedAsync(id, imports, context, ct) is not { } job) return NotFound(id);
        if (!job.IsFinished) await imports.CancelAsync(job.Id, ct);
        return Results.StatusCode(202);
    }

    static async Task<ImportJobRecord?> OwnedAsync(string id, BulkImports imports, HttpContext context, CancellationToken ct) =>
        Guid.TryParse(id, out var guid) && await imports.FindAsync(guid, ct) is { } job
        && (context.User.RoleOf() == Role.Admin || context.User.LabOf() == job.Lab) ? job : null;

    /// <summary>
    /// The finished job as JSON, in the spirit of a Bulk Data completion manifest: counts, and every listed refused line
    /// with its OperationOutcome (<see cref="ImportJob"/> wrote them).
    /// </summary>
    static byte[] Outcome(ImportJobRecord job)
    {
        var progress = job.Progress;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", job.State.ToString().ToLowerInvariant());
            json.WriteString("request", "/fhir/$import");
            json.WriteString("requestedAt", job.RequestedAt);
            if (job.FinishedAt is { } finished) json.WriteString("finishedAt", finished);
            json.WriteNumber("lines", progress?.Lines ?? 0);
            json.WriteNumber("stored", progress?.Created ?? 0);
            json.WriteNumber("duplicates", progress?.Unchanged ?? 0);
            json.WriteNumber("revised", progress?.Revised ?? 0);
            json.WriteNumber("refused", progress?.Refused ?? 0);
            json.WriteNumber("linesPerSecond", Math.Round(progress?.LinesPerSecond ?? 0));
            if (job.Failure is { } failure) json.WriteString("error", failure);
            json.WritePropertyName("refusals");
            json.WriteRawValue(job.RefusalsJson ?? "[]");
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    static FhirResult TooLarge(long max) => FhirResult.Outcome(413, IssueType.TooLong, $"The import exceeds the limit of {max} bytes; split the file.");

    static FhirResult NotFound(string id) => FhirResult.Outcome(404, IssueType.NotFound, $"Import {id} is not known (imports are kept for a while after they finish).");
}
