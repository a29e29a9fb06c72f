using System.Diagnostics;

namespace Sentinela.Server.Alerts;

/// <summary>Spans of the alert log append and of publishing on the bus.</summary>
public static class AlertsTracing
{
    public const string Name = "Sentinela.Alerts";
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The tags that name an alert version on bus spans (publish and, across instances, receive).</summary>
    public static Activity SetAlertTags(this Activity span, OutbreakAlert alert) =>
        span.SetTag("sentinela.alert.id", alert.Id.ToString()).SetTag("sentinela.alert.version", alert.Version)
            .SetTag("sentinela.alert.sequence", alert.Sequence).SetTag("sentinela.alert.event", Delivery.AlertEvent.TypeOf(alert));
}
