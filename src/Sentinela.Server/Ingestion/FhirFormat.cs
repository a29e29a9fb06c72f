using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Net.Http.Headers;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// The two FHIR formats Sentinela reads and writes, and which one a request asks for: <c>_format</c> first (FHIR's
/// override for clients that cannot set headers), then <c>Accept</c>; JSON when neither names XML. Media types of FHIR
/// R4 (application/fhir+json) and of the DSTU2 era (application/json+fhir) alike.
/// </summary>
public static class FhirFormat
{
    public const string Json = "application/fhir+json";
    public const string Xml = "application/fhir+xml";

    static readonly BaseFhirXmlSerializer XmlSerializer = new(ModelInfo.ModelInspector);

    public static bool IsJson(string? mediaType) => mediaType?.Trim().ToLowerInvariant() is
        "json" or "application/json" or Json or "application/json+fhir";

    public static bool IsXml(string? mediaType) => mediaType?.Trim().ToLowerInvariant() is
        "xml" or "text/xml" or "application/xml" or Xml or "application/xml+fhir";

    /// <summary>The format to answer in; null when <c>_format</c> names one Sentinela does not write (406).</summary>
    public static bool? WantsXml(HttpRequest request)
    {
        if (request.Query.TryGetValue("_format", out var format) && format.Count > 0)
        {
            var first = format[0]?.Split(';')[0];
            return IsXml(first) ? true : IsJson(first) ? false : null;
        }
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)) return false;
        // The most preferred FHIR format wins; ties go to the one listed first.
        foreach (var type in accepted.OrderByDescending(a => a.Quality ?? 1))
        {
            var name = type.MediaType.Value;
            if (IsXml(name)) return true;
            if (IsJson(name) || name is "*/*" or "application/*") return false;
        }
        return false;
    }

    public static byte[] Serialize(Base resource, bool xml) =>
        xml ? System.Text.Encoding.UTF8.GetBytes(XmlSerializer.SerializeToString(resource)) : FhirJson.SerializeToBytes(resource);

    public static string SerializeXml(Base resource) => XmlSerializer.SerializeToString(resource);
}
