using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// What Firely's FhirClient deserialises the source server's answers with: <see cref="FhirParser"/>, so a resource read
/// back for a rest-hook gets the same bounds and strictness as one posted to us. A resource that fails them throws
/// <see cref="DeserializationFailedException"/> with the parser's issues.
/// </summary>
public sealed class FhirParserSerializationEngine(FhirParser parser) : IFhirSerializationEngine
{
    static readonly BaseFhirXmlSerializer XmlSerializer = new(ModelInfo.ModelInspector);

    public Resource DeserializeFromJson(string data) => Deserialize(data, ResourceFormat.Json);

    public Resource DeserializeFromXml(string data) => Deserialize(data, ResourceFormat.Xml);

    public string SerializeToJson(Resource instance) => FhirJson.Serialize(instance);

    public string SerializeToXml(Resource instance) => XmlSerializer.SerializeToString(instance);

    Resource Deserialize(string data, ResourceFormat format)
    {
        var parsed = parser.Parse(Encoding.UTF8.GetBytes(data), format);
        if (parsed.Resource is { } resource && parsed.EntryIssues.Count == 0) return resource;
        var issues = parsed.Issues.Concat(parsed.EntryIssues.Values.SelectMany(i => i))
            .Select(i => new CodedException("SENTINELA", i.Expression is null ? i.Diagnostics : $"{i.Expression}: {i.Diagnostics}"));
        throw new DeserializationFailedException(parsed.Resource, issues);
    }
}
