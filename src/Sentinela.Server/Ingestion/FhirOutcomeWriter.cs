using Microsoft.AspNetCore.Http.Features;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Every refusal under /fhir is an OperationOutcome, also those ASP.NET Core writes itself as problem details: an
/// unknown path (404), a method a path does not support (405), the status-code pages of other middleware. Registered
/// ahead of the default problem-details writer, for /fhir paths only.
/// </summary>
public sealed class FhirOutcomeWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/fhir");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        var diagnostics = status switch
        {
            404 => $"{http.Request.Method} {http.Request.Path} is not a FHIR interaction Sentinela supports; GET /fhir/metadata lists those it does.",
            405 => $"{http.Request.Method} is not supported on {http.Request.Path}; GET /fhir/metadata lists the interactions Sentinela supports.",
            _ => context.ProblemDetails.Detail ?? context.ProblemDetails.Title ?? $"HTTP {status}.",
        };
        var code = status switch
        {
            401 => IssueType.Login,
            403 => IssueType.Forbidden,
            404 => IssueType.NotFound,
            405 or 406 or 415 => IssueType.NotSupported,
            409 => IssueType.Conflict,
            413 => IssueType.TooLong,
            429 => IssueType.Throttled,
            503 => IssueType.Transient,
            >= 500 => IssueType.Exception,
            _ => IssueType.Invalid,
        };
        // The status-code pages run after the response status is set and before anything was written.
        if (http.Features.Get<IHttpResponseFeature>() is { HasStarted: true }) return ValueTask.CompletedTask;
        return new ValueTask(new FhirResult(new Hl7.Fhir.Model.OperationOutcome { Issue = [new ParseIssue(code, diagnostics).ToComponent()] }, status)
            .ExecuteAsync(http));
    }
}
