using Hl7.Fhir.Model;

namespace Sentinela.Server.Ingestion;

/// <summary>Finds the resource a reference points to: contained ("#p") or another entry of the same Bundle.</summary>
public interface IResourceResolver
{
    Resource? Resolve(Observation observation, ResourceReference? reference);
}
