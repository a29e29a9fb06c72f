using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>A FHIR resource as an HTTP response, in JSON or XML as the request asks (<see cref="FhirFormat"/>).</summary>
public sealed class FhirResult(Resource? resource, int statusCode, string? location = null) : IResult
{
    public Resource? Resource => resource;
    public int StatusCode => statusCode;

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext context)
    {
        var xml = FhirFormat.WantsXml(context.Request);
        var (status, body) = xml is null
            ? (406, Outcome(406, IssueType.NotSupported, $"_format '{context.Request.Query["_format"]}' is not one Sentinela writes: use json or xml.").Resource)
            : (statusCode, resource);
        context.Response.StatusCode = status;
        if (location is not null && xml is not null) context.Response.Headers.Location = location;
        if (body is null) return;
        var asXml = xml == true;
        context.Response.ContentType = (asXml ? FhirFormat.Xml : FhirFormat.Json) + "; charset=utf-8";
        await context.Response.Body.WriteAsync(FhirFormat.Serialize(body, asXml));
    }

    public static FhirResult Outcome(int statusCode, IEnumerable<ParseIssue> issues) =>
        new(new OperationOutcome { Issue = issues.Select(i => i.ToComponent()).ToList() }, statusCode);

    public static FhirResult Outcome(int statusCode, IssueType code, string diagnostics, string? expression = null) =>
        Outcome(statusCode, [new ParseIssue(code, diagnostics, expression)]);

    /// <summary>An informational OperationOutcome (a summary of what was done).</summary>
    public static OperationOutcome Information(IEnumerable<string> lines) => new()
    {
        Issue = lines.Select(line => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Information,
            Code = IssueType.Informational,
            Diagnostics = line,
        }).ToList(),
    };
}
