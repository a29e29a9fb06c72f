using Hl7.Fhir.Model;

namespace Sentinela.Server.Ingestion;

/// <summary>Resolves contained references, then falls back to the resources of the enclosing Bundle by fullUrl or Type/id.</summary>
public sealed class ContainedResolver(IReadOnlyDictionary<string, Resource>? bundleResources = null) : IResourceResolver
{
    public static readonly ContainedResolver ContainedOnly = new();

    public Resource? Resolve(Observation observation, ResourceReference? reference)
    {
        var target = reference?.Reference;
        if (string.IsNullOrEmpty(target)) return null;
        if (target.StartsWith('#'))
            return observation.Contained.FirstOrDefault(r => r.Id == target[1..]);
        return bundleResources?.GetValueOrDefault(target);
    }

    /// <summary>Indexes Bundle entries by fullUrl and by relative Type/id, the two forms references take inside a Bundle.</summary>
    public static ContainedResolver ForBundle(Bundle bundle)
    {
        var byReference = new Dictionary<string, Resource>();
        foreach (var entry in bundle.Entry)
        {
            if (entry.Resource is not { } resource) continue;
            if (!string.IsNullOrEmpty(entry.FullUrl)) byReference.TryAdd(entry.FullUrl, resource);
            if (!string.IsNullOrEmpty(resource.Id)) byReference.TryAdd($"{resource.TypeName}/{resource.Id}", resource);
        }
        return new ContainedResolver(byReference);
    }
}
