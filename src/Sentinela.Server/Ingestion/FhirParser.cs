using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Hl7.Fhir.Validation;
using Microsoft.Extensions.Options;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Turns a FHIR body (JSON or XML) into a resource without letting the body decide how much stack or memory that takes,
/// and without keeping a value the model cannot hand back. Every FHIR entry point goes through it: the three POST
/// endpoints and the source server's answers to the rest-hook. Pure: no I/O.
/// <list type="number">
/// <item>A streaming pre-pass (Utf8JsonReader, XmlReader: both iterative) checks syntax, nesting depth and element
/// count before Firely's deserialisers, which recurse once per level: ~7,000 nested XML extensions overflow the stack,
/// and .NET cannot catch that.</item>
/// <item>Firely deserialises strictly, so a wrongly typed value (<c>"value": "92"</c>, a lone object where an array
/// belongs, a code outside its value set) becomes an issue at its FHIRPath. Firely's recoverable mode keeps such values
/// and throws when they are read. Unknown elements are accepted: laboratories add their own.</item>
/// <item>In a Bundle, issues inside an entry belong to that entry (a batch stores its other entries); issues anywhere
/// else, including a null entry, refuse the whole body.</item>
/// </list>
/// </summary>
public sealed partial class FhirParser(IOptions<IngestionOptions> options)
{
    static readonly DeserializerSettings Strict =
        new DeserializerSettings().UsingMode(DeserializationMode.Strict, NarrativeValidationKind.None) with { AcceptUnknownMembers = true };
    static readonly FhirJsonDeserializer JsonDeserializer = new(Strict);
    static readonly FhirXmlDeserializer XmlDeserializer = new(Strict);

    /// <summary>Longest diagnostic echoed back: a message may quote the offending value, which may be most of the body.</summary>
    const int MaxDiagnosticLength = 300;

    public FhirParseResult Parse(byte[] body, ResourceFormat format)
    {
        var bounds = options.Value;
        return format == ResourceFormat.Xml ? ParseXml(body, bounds) : ParseJson(SkipByteOrderMark(body), bounds);
    }

    static FhirParseResult ParseJson(ReadOnlyMemory<byte> body, IngestionOptions bounds)
    {
        // One level of slack: the pre-pass reports depth itself, with a clearer message than the reader's exception.
        var readerOptions = new JsonReaderOptions { MaxDepth = bounds.MaxDepth + 1 };
        try
        {
            var scan = new Utf8JsonReader(body.Span, readerOptions);
            // Firely throws, rather than reporting, on a root that is not an object.
            if (!scan.Read() || scan.TokenType != JsonTokenType.StartObject)
                return FhirParseResult.Refused(400, [new(IssueType.Structure, "The body is not a FHIR resource: a JSON resource is an object with a resourceType.")]);
            var (depth, elements) = (1, 1);
            while (scan.Read())
            {
                switch (scan.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (++depth > bounds.MaxDepth) return TooDeep(bounds.MaxDepth, $"byte {scan.TokenStartIndex}");
                        elements++;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        depth--;
                        break;
                    case JsonTokenType.PropertyName or JsonTokenType.Comment or JsonTokenType.None:
                        break;
                    default:
                        elements++;
                        break;
                }
                if (elements > bounds.MaxElements) return TooMany(bounds.MaxElements);
            }

            var reader = new Utf8JsonReader(body.Span, readerOptions);
            JsonDeserializer.TryDeserializeResource(ref reader, out var resource, out var issues);
            return Result(resource, issues);
        }
        catch (JsonException e)
        {
            return Invalid("JSON", e.Message);
        }
    }

    static FhirParseResult ParseXml(byte[] body, IngestionOptions bounds)
    {
        try
        {
            using (var scan = XmlReaderOver(body, bounds))
            {
                var elements = 0;
                while (scan.Read())
                {
                    if (scan.NodeType != XmlNodeType.Element) continue;
                    if (scan.Depth >= bounds.MaxDepth) return TooDeep(bounds.MaxDepth, LineOf(scan));
                    if (++elements > bounds.MaxElements) return TooMany(bounds.MaxElements);
                }
            }
            using var reader = XmlReaderOver(body, bounds);
            XmlDeserializer.TryDeserializeResource(reader, out var resource, out var issues);
            return Result(resource, issues);
        }
        catch (XmlException e)
        {
            return Invalid("XML", e.Message);
        }
    }

    /// <summary>No DTDs (entity expansion, external fetches), nothing a FHIR resource does not use.</summary>
    static XmlReader XmlReaderOver(byte[] body, IngestionOptions bounds) => XmlReader.Create(
        new MemoryStream(body, writable: false),
        new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = bounds.MaxBodyBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        });

    static string LineOf(XmlReader reader) => reader is IXmlLineInfo line && line.HasLineInfo() ? $"line {line.LineNumber}" : "the body";

    static FhirParseResult Result(Resource? resource, IEnumerable<CodedException> exceptions)
    {
        var issues = exceptions.Select(e => ToIssue(e, resource)).ToList();
        if (resource is null)
            return FhirParseResult.Refused(400, issues.Count > 0 ? issues : [new(IssueType.Structure, "The body is not a FHIR R4 resource.")]);
        if (issues.Count == 0) return FhirParseResult.Parsed(resource);
        if (resource is not Bundle) return FhirParseResult.Refused(400, issues);

        var byEntry = new Dictionary<int, List<ParseIssue>>();
        var whole = new List<ParseIssue>();
        foreach (var issue in issues)
        {
            if (issue.Expression is { } path && EntryPath().Match(path) is { Success: true } m)
                (byEntry.TryGetValue(int.Parse(m.Groups[1].ValueSpan), out var list) ? list : byEntry[int.Parse(m.Groups[1].ValueSpan)] = []).Add(issue);
            else
                whole.Add(issue);
        }
        return whole.Count > 0
            ? FhirParseResult.Refused(400, whole)
            : FhirParseResult.Parsed(resource, byEntry.ToDictionary(e => e.Key, e => (IReadOnlyList<ParseIssue>)e.Value));
    }

    static ParseIssue ToIssue(CodedException e, Resource? resource)
    {
        var (path, message, code) = e is ExtendedCodedException x
            ? (x.InstancePath, x.BaseErrorMessage, x.IssueType)
            : (null, e.Message, IssueType.Structure);
        // Validation reports a missing element of the root as "$this.status".
        if (path is not null && path.StartsWith("$this", StringComparison.Ordinal) && resource is not null) path = resource.TypeName + path[5..];
        return new ParseIssue(code is IssueType.Unknown ? IssueType.Structure : code, Truncate($"{e.ErrorCode}: {message}"), string.IsNullOrEmpty(path) ? null : path);
    }

    static FhirParseResult Invalid(string format, string message) =>
        FhirParseResult.Refused(400, [new(IssueType.Structure, Truncate($"The body is not valid {format}: {message}"))]);

    static FhirParseResult TooDeep(int max, string where) =>
        FhirParseResult.Refused(400, [new(IssueType.TooCostly, $"The body nests deeper than {max} levels (at {where}); FHIR resources do not.")]);

    static FhirParseResult TooMany(int max) =>
        FhirParseResult.Refused(413, [new(IssueType.TooCostly, $"The body has more than {max} elements; split it into several requests.")]);

    static string Truncate(string text) => text.Length <= MaxDiagnosticLength ? text : text[..MaxDiagnosticLength] + "…";

    /// <summary>Utf8JsonReader refuses a byte-order mark, which some HTTP clients write.</summary>
    static ReadOnlyMemory<byte> SkipByteOrderMark(byte[] body) =>
        body.AsSpan().StartsWith("\uFEFF"u8) ? body.AsMemory(3) : body;

    /// <summary>Something inside entry k (not the entry slot itself: a null entry breaks the Bundle's shape).</summary>
    [GeneratedRegex(@"^Bundle\.entry\[(\d+)\]\.")]
    private static partial Regex EntryPath();
}
