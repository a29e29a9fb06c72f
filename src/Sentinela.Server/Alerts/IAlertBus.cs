namespace Sentinela.Server.Alerts;

/// <summary>
/// Carries each logged alert version once to every subscriber of this instance. Embedded: in-process;
/// distributed mode will carry it across instances, with <see cref="PublishedAlert.TraceParent"/>.
/// </summary>
public interface IAlertBus
{
    /// <summary>Publishes within a producer span; the bus sets <see cref="PublishedAlert.TraceParent"/> to that span.</summary>
    ValueTask PublishAsync(PublishedAlert published, CancellationToken ct);

    /// <summary>Registers a handler for every published alert; dispose the result to stop.</summary>
    IDisposable Subscribe(Func<PublishedAlert, CancellationToken, ValueTask> handler);
}
