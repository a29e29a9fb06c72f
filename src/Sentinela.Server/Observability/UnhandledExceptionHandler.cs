using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Sentinela.Server.Ingestion;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Observability;

/// <summary>
/// The last resort behind every endpoint. Expected failures are answered where they happen; what reaches this is either
/// the client's (Kestrel's <see cref="BadHttpRequestException"/>: a body over the limit, a broken chunk, a timeout),
/// answered with its own 4xx and noted in the <see cref="RefusalLog"/>, or a fault of ours: a 500 with a correlation id (OperationOutcome under /fhir, problem
/// details elsewhere), logged once at Error with the exception and the id, never the body.
/// </summary>
public sealed partial class UnhandledExceptionHandler(IProblemDetailsService problems, RefusalLog refusals, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads the answer.
            context.Response.StatusCode = 499;
            return true;
        }

        var correlationId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        int status;
        string detail;
        if (exception is BadHttpRequestException bad)
        {
            (status, detail) = (bad.StatusCode, bad.Message);
            refusals.Refused($"{context.Request.Method} {context.Request.Path}", $"{status} {bad.Message}");
        }
        else
        {
            (status, detail) = (500, $"Internal error; quote correlation id {correlationId} when reporting it.");
            Fault(logger, exception, exception.GetType().Name, context.Request.Method, context.Request.Path, correlationId);
        }

        context.Response.StatusCode = status;
        context.Response.Headers["X-Correlation-Id"] = correlationId;
        if (context.Request.Path.StartsWithSegments("/fhir"))
        {
            await FhirResult.Outcome(status, status >= 500 ? IssueType.Exception : IssueType.Invalid, detail).ExecuteAsync(context);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = status >= 500 ? "Internal error" : "Bad request",
                Detail = detail,
                Extensions = { ["correlationId"] = correlationId },
            },
        });
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} answering {Method} {Path}: 500, correlation id {CorrelationId}")]
    static partial void Fault(ILogger logger, Exception exception, string exceptionType, string method, string path, string correlationId);
}
