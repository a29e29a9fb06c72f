using Hl7.Fhir.Model;

namespace Sentinela.Server.Alerts;

/// <summary>An outbreak alert as a FHIR Communication, for systems that read alerts over FHIR.</summary>
public static class AlertCommunication
{
    public static Communication From(OutbreakAlert alert) => new()
    {
        Id = alert.Id.ToString(),
        Meta = new Meta { VersionId = alert.Version.ToString(), LastUpdated = alert.UpdatedAt },
        Identifier = [new Identifier("urn:ietf:rfc:3986", $"urn:uuid:{alert.Id}")],
        Status = alert.Status == AlertStatus.Active ? EventStatus.InProgress : EventStatus.Completed,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/communication-category", "alert")],
        Priority = alert.Severity switch
        {
            AlertSeverity.Critical => RequestPriority.Stat,
            AlertSeverity.High => RequestPriority.Asap,
            _ => RequestPriority.Urgent,
        },
        Topic = new CodeableConcept { Text = alert.Condition?.ToString() ?? "feed-silence" },
        Sent = alert.RaisedAt.ToString("o"),
        Payload =
        [
            new Communication.PayloadComponent { Content = new FhirString(alert.Headline) },
            new Communication.PayloadComponent { Content = new FhirString(alert.SuggestedAction) },
            new Communication.PayloadComponent
            {
                Content = new FhirString($"{AlertText.Summary(alert.Statistics)}; área: {alert.Area.PortugueseName} "
                    + $"(IBGE {string.Join(", ", alert.Area.Municipalities)})"),
            },
        ],
    };
}
