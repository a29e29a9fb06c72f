namespace Sentinela.Server.Alerts;

/// <summary>Writes every alert version to the log, so an operator watching the console sees outbreaks as they are raised.</summary>
public sealed class AlertAnnouncer(IAlertBus bus, ILogger<AlertAnnouncer> logger) : IHostedService
{
    IDisposable? _subscription;

    public Task StartAsync(CancellationToken ct)
    {
        _subscription = bus.Subscribe((published, _) =>
        {
            var alert = published.Alert;
            logger.LogWarning("{Headline} [{Summary}; alerta {AlertId} v{Version}, seq {Sequence}, {Severity}]",
                alert.Headline, AlertText.Summary(alert.Statistics), alert.Id, alert.Version, alert.Sequence, alert.Severity);
            return ValueTask.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
