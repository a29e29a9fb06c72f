using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Utility;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Receives FHIR R4 Subscription rest-hook notifications. Accepted shapes:
/// an Observation (classic R4 rest-hook with payload); a Subscriptions Backport notification Bundle (type history, first entry
/// a Parameters status) that is full-resource (entries carry the Observation), id-only (entries carry only fullUrl, read back
/// from the source server) or empty (no entries: the source server is searched for Observations updated since the last poll);
/// and an empty body (classic R4 rest-hook without payload). Handshake and heartbeat notifications are acknowledged.
/// </summary>
public sealed class SubscriptionHook(HemogramParser parser, HemogramIntake intake, SourceFhirServer source, IngestionMetrics metrics,
    ILogger<SubscriptionHook> logger)
{
    /// <param name="lab">The laboratory account the notification came in under, for metrics.</param>
    public async Task<FhirResult> HandleAsync(FhirRequestReader.ReadResult read, string lab, CancellationToken ct)
    {
        if (source.BaseUrl is null && read.Resource is not (Observation or Bundle { Type: Bundle.BundleType.History }))
            return FhirResult.Outcome(422, IssueType.NotSupported,
                "Empty notifications need Sentinela:Ingestion:SourceFhirServer to read the Observations from; none is configured.");
        var observations = new List<Observation>();
        var bundleResources = new Dictionary<string, Resource>();
        try
        {
            switch (read.Resource)
            {
                case null when read.IsEmpty:
                case Parameters:
                    observations.AddRange(await source.ObservationsUpdatedSinceLastPollAsync(ct));
                    break;
                case null:
                    return read.Error!;
                case Observation o:
                    observations.Add(o);
                    break;
                case Bundle { Type: Bundle.BundleType.History } b:
                    if (NotificationType(b) is "handshake" or "heartbeat")
                        return Informational($"{NotificationType(b)} acknowledged.");
                    var events = b.Entry.Skip(1).ToList();
                    if (events.Count == 0) observations.AddRange(await source.ObservationsUpdatedSinceLastPollAsync(ct));
                    foreach (var e in events)
                    {
                        if (e.Resource is { } r && !string.IsNullOrEmpty(e.FullUrl)) bundleResources[e.FullUrl] = r;
                        if (e.Resource is Observation full) observations.Add(full);
                        else if (e.Resource is null && e.FullUrl is { } url && url.Contains("Observation/"))
                            observations.Add(await source.ReadObservationAsync(url, ct) ?? throw new FhirOperationException($"{url} not found", System.Net.HttpStatusCode.NotFound));
                    }
                    break;
                default:
                    return FhirResult.Outcome(400, IssueType.NotSupported,
                        $"A rest-hook notification must be an Observation, a history Bundle or empty, not {read.Resource.TypeName}.");
            }

            var submissions = new List<HemogramSubmission>();
            var issues = new List<ParseIssue>();
            using var parse = IngestionTracing.Source.StartActivity("ingestion.parse");
            foreach (var o in observations)
            {
                var known = new Dictionary<string, Resource>(bundleResources);
                foreach (var (reference, resource) in await source.ReferencedResourcesAsync(o, known, ct)) known[reference] = resource;
                var parsed = parser.Parse(o, new ReferenceResolver(known), sourceHint: source.BaseUrl ?? "rest-hook");
                if (parsed.Submission is { } s)
                {
                    submissions.Add(s);
                    continue;
                }
                metrics.Rejected(lab, parsed.Issues[0].Code.GetLiteral() ?? "invalid");
                issues.AddRange(parsed.Issues.Select(i => i with { Diagnostics = $"Observation/{o.Id}: {i.Diagnostics}" }));
            }

            parse?.Dispose();
            var results = submissions.Count == 0 ? [] : await intake.SubmitAsync(submissions, lab, ct);
            if (issues.Count > 0) logger.LogWarning("Rest-hook notification: {Rejected} Observations rejected", observations.Count - submissions.Count);
            if (observations.Count > 0 && submissions.Count == 0) return FhirResult.Outcome(422, issues);
            var summary = new ParseIssue(IssueType.Informational,
                $"{results.Count(r => r.Created)} stored, {results.Count(r => !r.Created)} already stored, {issues.Count} rejected.");
            var outcome = new OperationOutcome { Issue = issues.Prepend(summary).Select(i => i.ToComponent()).ToList() };
            outcome.Issue[0].Severity = OperationOutcome.IssueSeverity.Information;
            return new FhirResult(outcome, 200);
        }
        catch (Exception e) when (e is HttpRequestException or FhirOperationException or TaskCanceledException or InvalidOperationException)
        {
            // The sender retries a failed rest-hook delivery; 503 asks it to, instead of losing the notification.
            logger.LogWarning(e, "Rest-hook notification could not be completed from the source FHIR server");
            return FhirResult.Outcome(503, IssueType.Transient, $"The source FHIR server could not be read: {e.Message}");
        }
    }

    static string? NotificationType(Bundle b) =>
        (b.Entry.FirstOrDefault()?.Resource as Parameters)?.Parameter.FirstOrDefault(p => p.Name == "type")?.Value switch
        {
            Code c => c.Value,
            FhirString s => s.Value,
            _ => null,
        };

    static FhirResult Informational(string text)
    {
        var outcome = new OperationOutcome
        {
            Issue = [new() { Severity = OperationOutcome.IssueSeverity.Information, Code = IssueType.Informational, Diagnostics = text }],
        };
        return new FhirResult(outcome, 200);
    }
}
