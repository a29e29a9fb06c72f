using Hl7.Fhir.Model;

namespace Sentinela.Server.Ingestion;

/// <summary>What Sentinela's FHIR endpoint can do, for GET /fhir/metadata.</summary>
public static class CapabilityStatementFactory
{
    public static CapabilityStatement Create(string baseUrl) => new()
    {
        Status = PublicationStatus.Active,
        Date = "2026-11-22",
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = "Sentinela", Version = typeof(CapabilityStatementFactory).Assembly.GetName().Version?.ToString() },
        Implementation = new CapabilityStatement.ImplementationComponent { Description = "Sentinela hemogram surveillance", Url = baseUrl },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["json", "xml"],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "Hemograms in as Observations (components or CBC panel 58410-2 with hasMember); outbreak alerts out as Communications. "
                    + "Subscription rest-hook notifications are received at /fhir/subscription-hook.",
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
                        ],
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
