using System.Collections.Immutable;
using System.Diagnostics;

namespace Sentinela.Server.Alerts;

/// <summary>
/// The embedded bus: calls each subscriber in turn; a failing subscriber is logged and does not stop the others.
/// Subscribers run inside the publish span, so their spans join the alert's trace without any propagation.
/// </summary>
public sealed class InProcessAlertBus(ILogger<InProcessAlertBus> logger) : IAlertBus
{
    ImmutableArray<Func<PublishedAlert, CancellationToken, ValueTask>> _handlers = [];

    public int SubscriberCount => _handlers.Length;

    public async ValueTask PublishAsync(PublishedAlert published, CancellationToken ct)
    {
        var alert = published.Alert;
        using var span = AlertsTracing.Source.StartActivity("alerts.publish", ActivityKind.Producer)
            ?.SetTag("sentinela.alert.id", alert.Id.ToString()).SetTag("sentinela.alert.version", alert.Version)
            .SetTag("sentinela.alert.sequence", alert.Sequence).SetTag("sentinela.alert.event", Delivery.AlertEvent.TypeOf(alert));
        published = published with { TraceParent = Activity.Current?.Id };
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(published, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                span?.SetStatus(ActivityStatusCode.Error);
                logger.LogError(e, "Alert subscriber failed for alert {AlertId} v{Version}", alert.Id, alert.Version);
            }
        }
    }

    public IDisposable Subscribe(Func<PublishedAlert, CancellationToken, ValueTask> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, h => h.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, h => h.Remove(handler)));
    }

    sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
