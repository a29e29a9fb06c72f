using Hl7.Fhir.Model;

namespace Sentinela.Server.Ingestion;

/// <summary>A FHIR resource as an HTTP response, serialised by Firely as application/fhir+json.</summary>
public sealed class FhirResult(Resource? resource, int statusCode, string? location = null) : IResult
{
    public Resource? Resource => resource;
    public int StatusCode => statusCode;

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = statusCode;
        if (location is not null) context.Response.Headers.Location = location;
        if (resource is null) return;
        context.Response.ContentType = FhirJson.MediaType + "; charset=utf-8";
        await context.Response.Body.WriteAsync(FhirJson.SerializeToBytes(resource));
    }

    public static FhirResult Outcome(int statusCode, IEnumerable<ParseIssue> issues) =>
        new(new OperationOutcome { Issue = issues.Select(i => i.ToComponent()).ToList() }, statusCode);

    public static FhirResult Outcome(int statusCode, OperationOutcome.IssueType code, string diagnostics, string? expression = null) =>
        Outcome(statusCode, [new ParseIssue(code, diagnostics, expression)]);
}
