using Hl7.Fhir.Model;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Finds the resource a reference points to: contained ("#p", in the resource that holds the contained resources — the
/// Observation itself, or the DiagnosticReport whose contained result is being read) first, then the other resources of
/// the same Bundle or rest-hook notification, by fullUrl or Type/id.
/// </summary>
public sealed class ReferenceResolver(IReadOnlyDictionary<string, Resource>? bundleResources = null)
{
    public static readonly ReferenceResolver ContainedOnly = new();

    /// <param name="local">The resource whose <c>contained</c> a local reference ("#id") points into.</param>
    public Resource? Resolve(DomainResource local, ResourceReference? reference)
    {
        var target = reference?.Reference;
        if (string.IsNullOrEmpty(target)) return null;
        if (target.StartsWith('#'))
        {
            var id = target[1..];
            foreach (var contained in local.Contained)
                if (contained.Id == id) return contained;
            return null;
        }
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
