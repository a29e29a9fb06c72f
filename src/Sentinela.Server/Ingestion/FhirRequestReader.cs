using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Reads a FHIR request body: enforces the size limit while reading, accepts JSON and XML, parses it within bounds
/// (<see cref="FhirParser"/>), and turns every failure into an <see cref="OperationOutcome"/> response instead of an exception.
/// </summary>
public sealed class FhirRequestReader(IOptions<IngestionOptions> options, FhirParser parser)
{
    /// <param name="EntryIssues">For a Bundle, the entries that could not be read, by index, with why; the other entries are sound.</param>
    public sealed record ReadResult(Resource? Resource, FhirResult? Error, bool IsEmpty, IReadOnlyDictionary<int, IReadOnlyList<ParseIssue>> EntryIssues)
    {
        public static ReadResult Refused(FhirResult error, bool isEmpty = false) => new(null, error, isEmpty, new Dictionary<int, IReadOnlyList<ParseIssue>>());
    }

    public async Task<ReadResult> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var max = options.Value.MaxBodyBytes;
        if (request.ContentLength > max) return TooLarge(max);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max + 1L;

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var isXml = FhirFormat.IsXml(mediaType) && mediaType is not "xml";
        if (!isXml && !(string.IsNullOrEmpty(mediaType) || FhirFormat.IsJson(mediaType) && mediaType is not "json"))
            return ReadResult.Refused(FhirResult.Outcome(415, IssueType.NotSupported,
                $"Content-Type '{request.ContentType}' is not supported; send application/fhir+json or application/fhir+xml (or their older spellings application/json+fhir, application/xml+fhir)."));

        byte[] body;
        try
        {
            body = await ReadLimitedAsync(request.Body, max, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(max);
        }
        if (body.Length > max) return TooLarge(max);
        if (body.Length == 0 || body.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            return ReadResult.Refused(FhirResult.Outcome(400, IssueType.Required, "The request body is empty."), isEmpty: true);

        var parsed = parser.Parse(body, isXml ? ResourceFormat.Xml : ResourceFormat.Json);
        return parsed.Resource is null
            ? ReadResult.Refused(FhirResult.Outcome(parsed.Status, parsed.Issues))
            : new(parsed.Resource, null, false, parsed.EntryIssues);
    }

    /// <summary>Reads at most max + 1 bytes, so an oversized body is detected without buffering all of it.</summary>
    static async Task<byte[]> ReadLimitedAsync(Stream body, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max) break;
        }
        return buffer.ToArray();
    }

    static ReadResult TooLarge(int max) =>
        ReadResult.Refused(FhirResult.Outcome(413, IssueType.TooLong, $"The body exceeds the limit of {max} bytes."));
}
