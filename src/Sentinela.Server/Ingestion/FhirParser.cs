using System.Buffers;
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
/// <item>The common hemogram shapes skip Firely's deserialiser (<see cref="LeanHemogramJson"/>): same resource, a fraction
/// of the cost; everything else goes through Firely.</item>
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

    /// <summary>Most issues reported for a body or an entry: a broken array can have one per element.</summary>
    const int MaxIssues = 100;

    public FhirParseResult Parse(byte[] body, ResourceFormat format)
    {
        var bounds = options.Value;
        return format == ResourceFormat.Xml ? ParseXml(body, bounds) : ParseJson(SkipByteOrderMark(body), bounds);
    }

    /// <summary>A JSON body that is a slice of a larger buffer (an NDJSON line).</summary>
    public FhirParseResult ParseJson(ReadOnlyMemory<byte> body) => ParseJson(SkipByteOrderMark(body), options.Value);

    static FhirParseResult ParseJson(ReadOnlyMemory<byte> body, IngestionOptions bounds)
    {
        // One level of slack: the pre-pass reports depth itself, with a clearer message than the reader's exception.
        var readerOptions = new JsonReaderOptions { MaxDepth = bounds.MaxDepth + 1 };
        try
        {
            // The lean reader first: what it reads, the pre-pass would let through (see TryRead), and it costs a pass less.
            if (bounds.LeanJsonReader && LeanHemogramJson.TryRead(body.Span, bounds.MaxDepth, bounds.MaxElements) is { } lean) return FhirParseResult.Parsed(lean);
            if (ScanJson(new Utf8JsonReader(body.Span, readerOptions), bounds) is { } refused) return refused;
            var reader = new Utf8JsonReader(body.Span, readerOptions);
            JsonDeserializer.TryDeserializeResource(ref reader, out var resource, out var issues);
            return Result(resource, issues);
        }
        catch (JsonException e)
        {
            return Invalid("JSON", e.Message);
        }
        catch (Exception e) when (IsFirelyRefusal(e))
        {
            return Unreadable(e);
        }
    }

    /// <summary>
    /// The pre-pass: syntax, depth and element count, plus what Firely cannot be trusted with (each check says why).
    /// Null when the body may be deserialised.
    /// </summary>
    static FhirParseResult? ScanJson(Utf8JsonReader scan, IngestionOptions bounds)
    {
        // Firely throws, rather than reporting, on a root that is not an object.
        if (!scan.Read() || scan.TokenType != JsonTokenType.StartObject)
            return FhirParseResult.Refused(400, [new(IssueType.Structure, "The body is not a FHIR resource: a JSON resource is an object with a resourceType.")]);
        // For each open container: for an array held by contained, resource or outcome, that name; otherwise null.
        var arrays = new Stack<string?>();
        arrays.Push(null);
        var (elements, property, typeName) = (1, (string?)null, false);
        while (scan.Read())
        {
            var inResourceArray = arrays.Peek() is not null;
            switch (scan.TokenType)
            {
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    arrays.Pop();
                    continue;
                case JsonTokenType.PropertyName:
                    // Firely indexes the first character of every name (IndexOutOfRangeException); FHIR has no empty names.
                    if (scan.ValueSpan.IsEmpty) return Malformed("A property has an empty name", scan);
                    if (!IsReadableString(ref scan)) return Malformed("A property name is not valid UTF-8 / UTF-16", scan);
                    property = scan.ValueTextEquals("contained"u8) ? "contained"
                        : scan.ValueTextEquals("resource"u8) ? "resource"
                        : scan.ValueTextEquals("outcome"u8) ? "outcome" : null;
                    typeName = scan.ValueTextEquals("resourceType"u8);
                    continue;
                case JsonTokenType.Comment or JsonTokenType.None:
                    continue;
            }
            if (++elements > bounds.MaxElements) return TooMany(bounds.MaxElements);
            // Firely spends about a millisecond on each value it finds where a resource belongs (it builds a type for
            // it): a few hundred KB of `"contained": [0,0,…]` would keep a core busy for a minute. No FHIR R4 array
            // under these names holds anything but objects.
            if (inResourceArray && scan.TokenType != JsonTokenType.StartObject)
                return Malformed($"'{arrays.Peek()}' holds something other than resources (JSON objects)", scan);
            switch (scan.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (arrays.Count >= bounds.MaxDepth) return TooDeep(bounds.MaxDepth, $"byte {scan.TokenStartIndex}");
                    arrays.Push(scan.TokenType == JsonTokenType.StartArray ? property : null);
                    break;
                case JsonTokenType.String when !IsReadableString(ref scan):
                    // System.Text.Json throws when it decodes a lone surrogate (\ud800) or invalid UTF-8 into a string.
                    return Malformed("A string is not valid UTF-8 / UTF-16 (a lone surrogate or a broken byte sequence)", scan);
                case JsonTokenType.String when typeName && !IsTypeName(scan.ValueSpan):
                    // Firely builds a type for an unknown resourceType; for a 900 KB name that took 5 s.
                    return Malformed("A resourceType is not a resource type name (letters, at most 64)", scan);
            }
        }
        return null;
    }

    static readonly SearchValues<byte> Letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    static bool IsTypeName(ReadOnlySpan<byte> name) => name.Length is > 0 and <= 64 && !name.ContainsAnyExcept(Letters);

    static bool IsReadableString(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && System.Text.Ascii.IsValid(reader.ValueSpan)) return true;
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    static FhirParseResult ParseXml(byte[] body, IngestionOptions bounds)
    {
        try
        {
            using (var scan = XmlReaderOver(body, bounds))
            {
                if (ScanXml(scan, bounds) is { } refused) return refused;
            }
            using var reader = XmlReaderOver(body, bounds);
            XmlDeserializer.TryDeserializeResource(reader, out var resource, out var issues);
            return Result(resource, issues);
        }
        catch (XmlException e)
        {
            return Invalid("XML", e.Message);
        }
        catch (Exception e) when (IsFirelyRefusal(e))
        {
            return Unreadable(e);
        }
    }

    /// <summary>The XML pre-pass, like <see cref="ScanJson"/>; null when the body may be deserialised.</summary>
    static FhirParseResult? ScanXml(XmlReader scan, IngestionOptions bounds)
    {
        // Element names from the root down to the current element, and how many child elements each has so far.
        var path = new List<(string Name, int Children)>();
        var elements = 0;
        while (scan.Read())
        {
            if (scan.NodeType == XmlNodeType.EndElement)
            {
                path.RemoveAt(path.Count - 1);
                continue;
            }
            if (scan.NodeType != XmlNodeType.Element) continue;
            if (scan.Depth >= bounds.MaxDepth) return TooDeep(bounds.MaxDepth, LineOf(scan));
            // Attributes count too: Firely reports each unknown one, so 100,000 of them cost like as many elements.
            elements += 1 + scan.AttributeCount;
            if (elements > bounds.MaxElements) return TooMany(bounds.MaxElements);
            if (path.Count > 0)
            {
                var parent = path[^1] = path[^1] with { Children = path[^1].Children + 1 };
                // A resource container holds one resource. Firely spends up to a millisecond on each further element it
                // finds there: 50,000 of them kept a core busy for 20 s.
                if (parent.Children > 1 && IsResourceContainer(parent.Name, path.Count > 1 ? path[^2].Name : null))
                    return FhirParseResult.Refused(400, [new(IssueType.Structure, $"<{parent.Name}> holds more than one resource (at {LineOf(scan)}).")]);
            }
            if (!scan.IsEmptyElement) path.Add((scan.LocalName, 0));
        }
        return null;
    }

    /// <summary>contained; Bundle.entry.resource and Parameters.parameter.resource; Bundle.entry.response.outcome.</summary>
    static bool IsResourceContainer(string name, string? parent) =>
        name == "contained" || (name == "resource" && parent is "entry" or "parameter") || (name == "outcome" && parent == "response");

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
        // Grouped by where they belong before they are formatted: a broken array can bring 100,000 issues, of which
        // only the first few per group are reported.
        var whole = new IssueGroup();
        var byEntry = new Dictionary<int, IssueGroup>();
        foreach (var e in exceptions)
        {
            var path = (e as ExtendedCodedException)?.InstancePath;
            var group = resource is Bundle && path is not null && EntryPath().Match(path) is { Success: true } m
                ? byEntry.TryGetValue(int.Parse(m.Groups[1].ValueSpan), out var entry) ? entry : byEntry[int.Parse(m.Groups[1].ValueSpan)] = new()
                : whole;
            group.Add(e, resource);
        }
        if (resource is null)
            return FhirParseResult.Refused(400, whole.Count > 0 ? whole.Issues : [new(IssueType.Structure, "The body is not a FHIR R4 resource.")]);
        if (whole.Count > 0) return FhirParseResult.Refused(400, whole.Issues);
        return FhirParseResult.Parsed(resource, byEntry.ToDictionary(e => e.Key, e => e.Value.Issues));
    }

    /// <summary>The issues of one place (the body, or a Bundle entry): all counted, the first <see cref="MaxIssues"/> kept.</summary>
    sealed class IssueGroup
    {
        readonly List<ParseIssue> _kept = [];

        public int Count { get; private set; }

        public void Add(CodedException e, Resource? resource)
        {
            if (++Count <= MaxIssues) _kept.Add(ToIssue(e, resource));
        }

        public IReadOnlyList<ParseIssue> Issues => Count <= MaxIssues
            ? _kept
            : [.. _kept, new(IssueType.TooCostly, $"… and {Count - MaxIssues} more issues.")];
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

    /// <summary>
    /// What Firely throws, instead of reporting an issue, on bodies that are well-formed JSON/XML but not FHIR: a
    /// resourceType naming an abstract type (NotSupportedException), a token where it expected another
    /// (InvalidOperationException), its own validator reading a value it kept as the wrong type (CodedException), a
    /// literal it cannot convert. The body is refused as a whole.
    /// </summary>
    static bool IsFirelyRefusal(Exception e) =>
        e is InvalidOperationException or NotSupportedException or CodedException or FormatException or OverflowException or ArgumentException;

    static FhirParseResult Unreadable(Exception e) =>
        FhirParseResult.Refused(400, [new(IssueType.Structure, Truncate($"The body is not a readable FHIR R4 resource: {e.Message}"))]);

    static FhirParseResult Malformed(string what, Utf8JsonReader at) =>
        FhirParseResult.Refused(400, [new(IssueType.Structure, $"{what} (at byte {at.TokenStartIndex}).")]);

    static FhirParseResult Invalid(string format, string message) =>
        FhirParseResult.Refused(400, [new(IssueType.Structure, Truncate($"The body is not valid {format}: {message}"))]);

    static FhirParseResult TooDeep(int max, string where) =>
        FhirParseResult.Refused(400, [new(IssueType.TooCostly, $"The body nests deeper than {max} levels (at {where}); FHIR resources do not.")]);

    static FhirParseResult TooMany(int max) =>
        FhirParseResult.Refused(413, [new(IssueType.TooCostly, $"The body has more than {max} elements; split it into several requests.")]);

    static string Truncate(string text) => text.Length <= MaxDiagnosticLength ? text : text[..MaxDiagnosticLength] + "…";

    /// <summary>Utf8JsonReader refuses a byte-order mark, which some HTTP clients write.</summary>
    static ReadOnlyMemory<byte> SkipByteOrderMark(ReadOnlyMemory<byte> body) =>
        body.Span.StartsWith("\uFEFF"u8) ? body[3..] : body;

    /// <summary>Something inside entry k (not the entry slot itself: a null entry breaks the Bundle's shape).</summary>
    [GeneratedRegex(@"^Bundle\.entry\[(\d+)\]\.")]
    private static partial Regex EntryPath();
}
