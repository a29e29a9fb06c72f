using Sentinela.Server.Ingestion;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Storage;

/// <summary>
/// Turns a storage outage escaping any endpoint (or the API-key lookup before it) into 503 with Retry-After: a FHIR
/// OperationOutcome (transient) under /fhir, problem details elsewhere. A lab that gets it resends later; resubmission is
/// idempotent by source key, so a write whose commit was in doubt is never stored twice. Every other exception passes
/// through untouched (the exception filter does not even catch it).
/// </summary>
public sealed class StorageOutageMiddleware(RequestDelegate next, IProblemDetailsService problems, ILogger<StorageOutageMiddleware> logger)
{
    /// <summary>About how long a PostgreSQL restart or failover takes; clients back off further on their own if it lasts.</summary>
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    const string Detail = "Storage is not answering; retry later (a resubmitted hemogram is never stored twice).";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (StorageOutage.Is(e) && !context.Response.HasStarted)
        {
            logger.LogWarning(e, "Storage unavailable: {Method} {Path} answered 503", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString();
            if (context.Request.Path.StartsWithSegments("/fhir"))
                await FhirResult.Outcome(503, IssueType.Transient, Detail).ExecuteAsync(context);
            else
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = 503, Title = "Storage unavailable", Detail = Detail },
                });
        }
    }
}
