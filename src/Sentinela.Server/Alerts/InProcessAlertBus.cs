using System.Collections.Immutable;

namespace Sentinela.Server.Alerts;

/// <summary>The embedded bus: calls each subscriber in turn; a failing subscriber is logged and does not stop the others.</summary>
public sealed class InProcessAlertBus(ILogger<InProcessAlertBus> logger) : IAlertBus
{
    ImmutableArray<Func<OutbreakAlert, CancellationToken, ValueTask>> _handlers = [];

    public async ValueTask PublishAsync(OutbreakAlert alert, CancellationToken ct)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(alert, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Alert subscriber failed for alert {AlertId} v{Version}", alert.Id, alert.Version);
            }
        }
    }

    public IDisposable Subscribe(Func<OutbreakAlert, CancellationToken, ValueTask> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, h => h.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, h => h.Remove(handler)));
    }

    sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
