using System.Diagnostics;

namespace Sentinela.Server.Alerts;

/// <summary>
/// The embedded bus: hands each alert to this process's subscribers. They run inside the publish span, so their spans
/// join the alert's trace without any propagation.
/// </summary>
public sealed class InProcessAlertBus(AlertSubscribers subscribers) : IAlertBus
{
    public async ValueTask PublishAsync(PublishedAlert published, CancellationToken ct)
    {
        using var span = StartPublishSpan(published.Alert);
        await subscribers.DeliverAsync(published with { TraceParent = Activity.Current?.Id }, span, ct);
    }

    public IDisposable Subscribe(Func<PublishedAlert, CancellationToken, ValueTask> handler) => subscribers.Add(handler);

    /// <summary>The producer span every bus starts around a publication.</summary>
    public static Activity? StartPublishSpan(OutbreakAlert alert) =>
        AlertsTracing.Source.StartActivity("alerts.publish", ActivityKind.Producer)?.SetAlertTags(alert);
}
