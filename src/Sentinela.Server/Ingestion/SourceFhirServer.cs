using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// The FHIR server that notifies us through a Subscription rest-hook, read with Firely's FhirClient: the Observations of
/// id-only and empty notifications, and the Patients/Organizations they reference (for location).
/// </summary>
public sealed partial class SourceFhirServer(IHttpClientFactory httpClients, IOptions<IngestionOptions> options, FhirParserSerializationEngine engine, TimeProvider clock)
{
    DateTimeOffset? _checkpoint;

    /// <summary>The configured base URL without a trailing slash; null when none is configured (empty in appsettings.json).</summary>
    public string? BaseUrl => string.IsNullOrWhiteSpace(options.Value.SourceFhirServer) ? null : options.Value.SourceFhirServer.TrimEnd('/');

    FhirClient Client() => new(BaseUrl ?? throw new InvalidOperationException("Sentinela:Ingestion:SourceFhirServer is not configured."),
        httpClients.CreateClient(nameof(SourceFhirServer)),
        new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = false, SerializationEngine = engine });

    /// <summary>
    /// Whether a notification's reference can be read here: Type/id, relative or absolute on the source server. Anything
    /// else would have us fetch whatever URL a notification names, or hand FhirClient a URL it throws on.
    /// </summary>
    public bool CanRead(string reference)
    {
        if (BaseUrl is not { } root) return false;
        var relative = reference.StartsWith(root + "/", StringComparison.Ordinal) ? reference[(root.Length + 1)..] : reference;
        return ResourcePath().IsMatch(relative);
    }

    public async Task<Observation?> ReadObservationAsync(string reference, CancellationToken ct) =>
        await Client().ReadAsync<Observation>(Absolute(reference), ct: ct);

    /// <summary>
    /// Observations updated since the last poll (for empty notifications). The first poll looks back one day; overlap
    /// between polls is harmless because ingestion is idempotent.
    /// </summary>
    public async Task<IReadOnlyList<Observation>> ObservationsUpdatedSinceLastPollAsync(CancellationToken ct)
    {
        var startedAt = clock.GetUtcNow();
        var since = _checkpoint ?? startedAt.AddDays(-1);
        var client = Client();
        var found = new List<Observation>();
        var page = await client.SearchAsync<Observation>(new SearchParams().Add("_lastUpdated", $"gt{since:yyyy-MM-ddTHH:mm:ssZ}"), ct);
        while (page is not null)
        {
            found.AddRange(page.Entry.Select(e => e.Resource).OfType<Observation>());
            page = page.NextLink is null ? null : await client.ContinueAsync(page, ct: ct);
        }
        _checkpoint = startedAt;
        return found;
    }

    /// <summary>Fetches the subject, performers and members an Observation references but does not contain, keyed by reference.</summary>
    public async Task<Dictionary<string, Resource>> ReferencedResourcesAsync(Observation o, IReadOnlyDictionary<string, Resource> known, CancellationToken ct)
    {
        var fetched = new Dictionary<string, Resource>();
        var references = new[] { o.Subject }.Concat(o.Performer).Concat(o.HasMember)
            .Select(r => r?.Reference).OfType<string>()
            .Where(r => !r.StartsWith('#') && !known.ContainsKey(r) && CanRead(r)).Distinct().ToList();
        if (!references.Any()) return fetched;
        var client = Client();
        foreach (var reference in references)
            if (await client.ReadAsync<Resource>(Absolute(reference), ct: ct) is { } resource)
                fetched[reference] = resource;
        return fetched;
    }

    string Absolute(string reference) =>
        reference.StartsWith(BaseUrl + "/", StringComparison.Ordinal) ? reference : $"{BaseUrl}/{reference}";

    /// <summary>Type/id or Type/id/_history/version, with FHIR's id syntax.</summary>
    [GeneratedRegex(@"^[A-Z][A-Za-z]{1,63}/[A-Za-z0-9\-.]{1,64}(/_history/[A-Za-z0-9\-.]{1,64})?$")]
    private static partial Regex ResourcePath();
}
