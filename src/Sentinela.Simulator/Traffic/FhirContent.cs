using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sentinela.Simulator.Generation;

namespace Sentinela.Simulator.Traffic;

/// <summary>Request bodies in the FHIR JSON format: one Observation, or a batch Bundle of several.</summary>
static class FhirContent
{
    public const string MediaType = "application/fhir+json";

    public static HttpContent Observation(GeneratedHemogram hemogram) => Json(hemogram.Observation);

    public static HttpContent Batch(IReadOnlyList<GeneratedHemogram> hemograms) => Json(HemogramObservation.Batch(hemograms));

    static ByteArrayContent Json(Resource resource)
    {
        var content = new ByteArrayContent(FhirJsonSerializer.Default.SerializeToBytes(resource));
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        return content;
    }
}
