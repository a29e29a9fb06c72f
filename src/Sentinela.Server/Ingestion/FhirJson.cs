using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Sentinela.Server.Ingestion;

/// <summary>Firely's System.Text.Json serializer for R4, configured once (requests are read by <see cref="FhirParser"/>).</summary>
public static class FhirJson
{
    static readonly BaseFhirJsonSerializer Serializer = new(ModelInfo.ModelInspector);

    public const string MediaType = "application/fhir+json";

    public static string Serialize(Base resource) => Serializer.SerializeToString(resource);

    public static byte[] SerializeToBytes(Base resource) => Serializer.SerializeToBytes(resource);
}
