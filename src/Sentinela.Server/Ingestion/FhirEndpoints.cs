using Hl7.Fhir.Model;
using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Storage;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>The FHIR R4 surface: hemograms in (Observation, Bundle, rest-hook), metadata, stored hemograms and alerts out.</summary>
public static class FhirEndpoints
{
    public static IEndpointRouteBuilder MapFhir(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").WithTags("FHIR");
        fhir.MapPost("/Observation", CreateObservationAsync);
        fhir.MapPost("/", ProcessBundleAsync);
        fhir.MapMethods("/subscription-hook/{**resource}", ["POST", "PUT"], ReceiveNotificationAsync);
        fhir.MapGet("/metadata", (HttpRequest request) =>
            new FhirResult(CapabilityStatementFactory.Create($"{request.Scheme}://{request.Host}/fhir"), 200));
        fhir.MapGet("/Observation/{id}", ReadObservationAsync);
        fhir.MapGet("/Communication/{id}", ReadCommunicationAsync);
        return app;
    }

    static async Task<FhirResult> CreateObservationAsync(
        HttpRequest request, FhirRequestReader reader, HemogramParser parser, HemogramIntake intake, MunicipalityTable municipalities, CancellationToken ct)
    {
        var read = await reader.ReadAsync(request, ct);
        if (read.Error is not null) return read.Error;
        if (read.Resource is not Observation observation)
            return FhirResult.Outcome(400, IssueType.Invalid, $"Expected an Observation, got {read.Resource!.TypeName}; send Bundles to POST /fhir.");

        var parsed = parser.Parse(observation, ReferenceResolver.ContainedOnly);
        if (parsed.Submission is null) return FhirResult.Outcome(422, parsed.Issues);

        var result = (await intake.SubmitAsync([parsed.Submission], ct))[0];
        var body = PreferredReturn(request) switch
        {
            "minimal" => null,
            "OperationOutcome" => Summary(result),
            _ => (Resource)HemogramObservation.From(result.Hemogram, municipalities),
        };
        return new FhirResult(body, result.Created ? 201 : 200, $"/fhir/Observation/{result.Hemogram.Id}/_history/1");
    }

    static async Task<FhirResult> ProcessBundleAsync(HttpRequest request, FhirRequestReader reader, BundleIngestion bundles, CancellationToken ct)
    {
        var read = await reader.ReadAsync(request, ct);
        if (read.Error is not null) return read.Error;
        return read.Resource is Bundle bundle
            ? await bundles.ProcessAsync(bundle, ct)
            : FhirResult.Outcome(400, IssueType.Invalid, $"Expected a Bundle of type batch or transaction, got {read.Resource!.TypeName}.");
    }

    static async Task<FhirResult> ReceiveNotificationAsync(HttpRequest request, FhirRequestReader reader, SubscriptionHook hook, CancellationToken ct) =>
        await hook.HandleAsync(await reader.ReadAsync(request, ct), ct);

    static async Task<FhirResult> ReadObservationAsync(string id, IHemogramStore store, MunicipalityTable municipalities, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid)) return NotFound("Observation", id);
        var found = await store.GetAsync([guid], ct);
        return found.Count == 0 ? NotFound("Observation", id) : new FhirResult(HemogramObservation.From(found[0], municipalities), 200);
    }

    static async Task<FhirResult> ReadCommunicationAsync(string id, IAlertStore alerts, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid) || await alerts.GetAsync(guid, ct) is not { } alert) return NotFound("Communication", id);
        return new FhirResult(AlertCommunication.From(alert), 200);
    }

    static FhirResult NotFound(string type, string id) => FhirResult.Outcome(404, IssueType.NotFound, $"{type}/{id} is not known.");

    static string? PreferredReturn(HttpRequest request) =>
        request.Headers["Prefer"].ToString().Split(';', ',').Select(p => p.Trim())
            .FirstOrDefault(p => p.StartsWith("return=", StringComparison.Ordinal))?["return=".Length..];

    static OperationOutcome Summary(IntakeResult result) => new()
    {
        Issue =
        [
            new()
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = IssueType.Informational,
                Diagnostics = (result.Created ? "Stored" : "Already stored") + $" as {result.Hemogram.Id}; findings: "
                    + (result.Hemogram.Findings.Count == 0 ? "none" : string.Join(", ", result.Hemogram.Findings.Select(f => f.Condition.ToString()))),
            },
        ],
    };
}
