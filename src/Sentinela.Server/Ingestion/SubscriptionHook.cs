using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
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
    Observability.RefusalLog refusals, ILogger<SubscriptionHook> logger)
{
    /// <param name="submitter">The laboratory account the notification came in under.</param>
    public async Task<FhirResult> HandleAsync(FhirRequestReader.ReadResult read, Guid submitter, CancellationToken ct)
    {
        var lab = submitter.ToString();
        if (read.Resource is null && !read.IsEmpty) return read.Error!;
        var observations = new List<Observation>();
        var bundleResources = new Dictionary<string, Resource>();
        var issues = new List<ParseIssue>();
        try
        {
            switch (read.Resource)
            {
                case null:
                case Parameters:
                    if (source.BaseUrl is null) return NoSource("An empty notification");
                    observations.AddRange(await source.ObservationsUpdatedSinceLastPollAsync(ct));
                    break;
                case Observation o:
                    observations.Add(o);
                    break;
                case Bundle { Type: Bundle.BundleType.History } b:
                    if (read.EntryIssues.TryGetValue(0, out var status))
                        return FhirResult.Outcome(400, status.Select(i => i with { Diagnostics = $"entry[0] (the notification status): {i.Diagnostics}" }));
                    if (NotificationType(b) is "handshake" or "heartbeat")
                        return Informational($"{NotificationType(b)} acknowledged.");
                    if (b.Entry.Count == 1)
                    {
                        if (source.BaseUrl is null) return NoSource("A notification without events");
                        observations.AddRange(await source.ObservationsUpdatedSinceLastPollAsync(ct));
                    }
                    for (var k = 1; k < b.Entry.Count; k++)
                    {
                        if (read.EntryIssues.TryGetValue(k, out var broken))
                        {
                            issues.AddRange(broken.Select(i => i with { Diagnostics = $"entry[{k}]: {i.Diagnostics}" }));
                            continue;
                        }
                        var e = b.Entry[k];
                        if (e.Resource is { } r && !string.IsNullOrEmpty(e.FullUrl)) bundleResources[e.FullUrl] = r;
                        if (e.Resource is Observation full) observations.Add(full);
                        else if (e.Resource is null && e.FullUrl is { } url && url.Contains("Observation/"))
                        {
                            if (!source.CanRead(url))
                            {
                                issues.Add(new(IssueType.NotSupported, source.BaseUrl is null
                                    ? $"entry[{k}]: an id-only event needs Sentinela:Ingestion:SourceFhirServer to read {url} from; none is configured."
                                    : $"entry[{k}]: {url} is not on the configured source server {source.BaseUrl}.", $"Bundle.entry[{k}].fullUrl"));
                                continue;
                            }
                            observations.Add(await source.ReadObservationAsync(url, ct) ?? throw new FhirOperationException($"{url} not found", System.Net.HttpStatusCode.NotFound));
                        }
                    }
                    break;
                default:
                    return FhirResult.Outcome(400, IssueType.NotSupported,
                        $"A rest-hook notification must be an Observation, a history Bundle or empty, not {read.Resource.TypeName}.");
            }

            var submissions = new List<HemogramSubmission>();
            using var parse = IngestionTracing.Source.StartActivity("ingestion.parse");
            foreach (var o in observations)
            {
                var known = new Dictionary<string, Resource>(bundleResources);
                foreach (var (reference, resource) in await source.ReferencedResourcesAsync(o, known, ct)) known[reference] = resource;
                var parsed = parser.Parse(o, new ReferenceResolver(known), sourceHint: source.BaseUrl ?? "rest-hook", submitter: submitter);
                if (parsed.Submission is { } s)
                {
                    submissions.Add(s);
                    continue;
                }
                metrics.Rejected(lab, parsed.Issues[0].Code.GetLiteral() ?? "invalid");
                issues.AddRange(parsed.Issues.Select(i => i with { Diagnostics = $"Observation/{o.Id}: {i.Diagnostics}" }));
            }

            parse?.Dispose();
            var results = submissions.Count == 0 ? [] : await intake.SubmitAsync(submissions, submitter, lab, ct);
            if (issues.Count > 0) refusals.Refused($"rest-hook events from lab {lab}", $"{issues.Select(i => i.Diagnostics.Split(':')[0]).Distinct().Count()} rejected");
            if (submissions.Count == 0 && issues.Count > 0) return FhirResult.Outcome(422, issues);
            var summary = new ParseIssue(IssueType.Informational,
                $"{results.Count(r => r.Created)} stored, {results.Count(r => r.Outcome == Storage.WriteOutcome.Unchanged)} already stored, "
                + $"{results.Count(r => r.Outcome is Storage.WriteOutcome.Updated or Storage.WriteOutcome.Retracted)} revised, "
                + $"{issues.Count + results.Count(r => !r.Stored)} rejected.");
            var outcome = new OperationOutcome { Issue = issues.Prepend(summary).Select(i => i.ToComponent()).ToList() };
            outcome.Issue[0].Severity = OperationOutcome.IssueSeverity.Information;
            return new FhirResult(outcome, 200);
        }
        catch (DeserializationFailedException e)
        {
            // The source's answer will not change by retrying, so the sender is told to stop (4xx), not to come back.
            refusals.Refused($"rest-hook notification from lab {lab}", "the source FHIR server answered with a resource that cannot be read");
            return FhirResult.Outcome(422, IssueType.Invalid,
                "The source FHIR server answered with a resource Sentinela cannot read: " + string.Join("; ", e.Exceptions.Take(5).Select(x => x.Message)));
        }
        catch (Exception e) when (e is HttpRequestException or FhirOperationException or TaskCanceledException)
        {
            // The sender retries a failed rest-hook delivery; 503 asks it to, instead of losing the notification.
            logger.LogWarning("Rest-hook notification could not be completed from the source FHIR server: {Reason}", e.Message);
            return FhirResult.Outcome(503, IssueType.Transient, $"The source FHIR server could not be read: {e.Message}");
        }
    }

    FhirResult NoSource(string what) => FhirResult.Outcome(422, IssueType.NotSupported,
        $"{what} needs Sentinela:Ingestion:SourceFhirServer to read the Observations from; none is configured.");

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
