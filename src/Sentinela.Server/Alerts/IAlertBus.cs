namespace Sentinela.Server.Alerts;

/// <summary>
/// Carries each logged alert version once to every subscriber of this instance. Embedded: in-process;
/// distributed mode will carry it across instances.
/// </summary>
public interface IAlertBus
{
    ValueTask PublishAsync(OutbreakAlert alert, CancellationToken ct);

    /// <summary>Registers a handler for every published alert; dispose the result to stop.</summary>
    IDisposable Subscribe(Func<OutbreakAlert, CancellationToken, ValueTask> handler);
}
