using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Sentinela.Server.Ingestion;

/// <summary>Firely's System.Text.Json (de)serializers for R4, configured once.</summary>
public static class FhirJson
{
    // Lenient about unknown elements a lab may add, strict about shape and types.
    static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    static readonly BaseFhirJsonSerializer Serializer = new(ModelInfo.ModelInspector);

    public const string MediaType = "application/fhir+json";

    /// <summary>Parses a resource; on failure returns the parser's messages instead of throwing.</summary>
    public static Resource? TryDeserialize(ReadOnlySpan<byte> utf8, out string? error)
    {
        error = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (Deserializer.TryDeserializeResource(ref reader, out var resource, out var issues)) return resource;
            error = string.Join("; ", issues.Select(i => i.Message).Take(5));
            return null;
        }
        catch (Exception e) when (e is JsonException or DeserializationFailedException or FormatException or InvalidOperationException)
        {
            error = e.Message;
            return null;
        }
    }

    public static string Serialize(Base resource) => Serializer.SerializeToString(resource);

    public static byte[] SerializeToBytes(Base resource) => Serializer.SerializeToBytes(resource);
}
