using Hl7.Fhir.Model;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Finds the resource a reference points to: contained ("#p") first, then the other resources of the same Bundle or
/// rest-hook notification, by fullUrl or Type/id.
/// </summary>
public sealed class ReferenceResolver(IReadOnlyDictionary<string, Resource>? bundleResources = null)
{
    public static readonly ReferenceResolver ContainedOnly = new();

    public Resource? Resolve(Observation observation, ResourceReference? reference)
    {
        var target = reference?.Reference;
        if (string.IsNullOrEmpty(target)) return null;
        if (target.StartsWith('#'))
            return observation.Contained.FirstOrDefault(r => r.Id == target[1..]);
        return bundleResources?.GetValueOrDefault(target);
    }

    /// <summary>Indexes Bundle entries by fullUrl and by relative Type/id, the two forms references take inside a Bundle.</summary>
    public static ReferenceResolver ForBundle(IEnumerable<Bundle.EntryComponent> entries)
    {
        var byReference = new Dictionary<string, Resource>();
        foreach (var entry in entries)
        {
            if (entry.Resource is not { } resource) continue;
            if (!string.IsNullOrEmpty(entry.FullUrl)) byReference.TryAdd(entry.FullUrl, resource);
            if (!string.IsNullOrEmpty(resource.Id)) byReference.TryAdd($"{resource.TypeName}/{resource.Id}", resource);
        }
        return new ReferenceResolver(byReference);
    }
}
