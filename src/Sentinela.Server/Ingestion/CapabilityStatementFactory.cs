using Hl7.Fhir.Model;

namespace Sentinela.Server.Ingestion;

/// <summary>What Sentinela's FHIR endpoint can do, for GET /fhir/metadata: exactly the interactions it answers (docs/API.md).</summary>
public static class CapabilityStatementFactory
{
    public static CapabilityStatement Create(string baseUrl) => new()
    {
        Status = PublicationStatus.Active,
        Date = "2026-12-04",
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = "Sentinela", Version = typeof(CapabilityStatementFactory).Assembly.GetName().Version?.ToString() },
        Implementation = new CapabilityStatement.ImplementationComponent { Description = "Sentinela hemogram surveillance", Url = baseUrl },
        FhirVersion = FHIRVersion.N4_0_1,
        // Read and written both ways; the older json+fhir / xml+fhir types are read too.
        Format = ["json", "xml", FhirFormat.Json, FhirFormat.Xml],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "Hemograms in: Observations (components, CBC panel 58410-2 with hasMember, or single analytes), DiagnosticReports with "
                    + "their results, batch and transaction Bundles at the base, document and collection Bundles (RNDS 'Resultado de Exame "
                    + "Laboratorial') at /Bundle; amended, corrected, entered-in-error and cancelled results revise what is stored. Outbreak alerts out "
                    + "as Communications. Subscription rest-hook notifications are received at "
                    + "/fhir/subscription-hook. History is backfilled with POST /fhir/$import (NDJSON body, asynchronous: poll the "
                    + "Content-Location it answers with).",
                Security = new CapabilityStatement.SecurityComponent
                {
                    Description = "Laboratories: X-Api-Key header. Health managers: Authorization: Bearer access token (POST /api/auth/login).",
                },
                Interaction =
                [
                    new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch },
                    new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
                ],
                Resource =
                [
                    new CapabilityStatement.ResourceComponent
                    {
                        Type = "Observation",
                        Interaction =
                        [
                            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create },
                            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Vread },
                            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.HistoryInstance },
                        ],
                        Versioning = CapabilityStatement.ResourceVersionPolicy.Versioned,
                        ReadHistory = true,
                        ConditionalCreate = false,
                    },
                    new CapabilityStatement.ResourceComponent
                    {
                        Type = "DiagnosticReport",
                        Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create }],
                        ConditionalCreate = false,
                    },
                    new CapabilityStatement.ResourceComponent
                    {
                        Type = "Bundle",
                        Documentation = "Documents and collections of hemogram results; batch and transaction Bundles go to the base.",
                        Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create }],
                        ConditionalCreate = false,
                    },
                    new CapabilityStatement.ResourceComponent
                    {
                        Type = "Communication",
                        Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read }],
                    },
                ],
            },
        ],
    };
}
