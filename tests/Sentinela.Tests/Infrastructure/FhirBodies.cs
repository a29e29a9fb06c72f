using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Sentinela.Tests.Infrastructure;

/// <summary>Reads the server's FHIR JSON responses in tests (leniently: what is asserted is the test's business).</summary>
public static class FhirBodies
{
    static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    public static Resource? Read(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        return Deserializer.TryDeserializeResource(ref reader, out var resource, out _) ? resource : null;
    }
}
