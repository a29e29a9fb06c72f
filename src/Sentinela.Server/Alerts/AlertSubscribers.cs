using System.Collections.Immutable;
using System.Diagnostics;

namespace Sentinela.Server.Alerts;

/// <summary>
/// This instance's bus subscribers (fan-out, push, announcer), shared by whichever <see cref="IAlertBus"/> runs: each
/// bus decides when an alert arrives, this calls every subscriber once; a failing one is logged and does not stop the others.
/// </summary>
public sealed class AlertSubscribers(ILogger<AlertSubscribers> logger)
{
    ImmutableArray<Func<PublishedAlert, CancellationToken, ValueTask>> _handlers = [];

    public int Count => _handlers.Length;

    public IDisposable Add(Func<PublishedAlert, CancellationToken, ValueTask> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, h => h.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, h => h.Remove(handler)));
    }

    /// <summary>Calls every subscriber in turn, inside the caller's span (marked as failed when a subscriber throws).</summary>
    public async ValueTask DeliverAsync(PublishedAlert published, Activity? span, CancellationToken ct)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(published, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                span?.SetStatus(ActivityStatusCode.Error);
                logger.LogError(e, "Alert subscriber failed for alert {AlertId} v{Version}", published.Alert.Id, published.Alert.Version);
            }
        }
    }

    sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
