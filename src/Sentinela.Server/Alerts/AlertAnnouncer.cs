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
            logger.LogWarning("{Headline} [alerta {AlertId} v{Version}, seq {Sequence}, {Severity}, {Abnormal}/{Total} = {Proportion:P0}]",
                alert.Headline, alert.Id, alert.Version, alert.Sequence, alert.Severity,
                alert.Statistics.Abnormal, alert.Statistics.Total, alert.Statistics.Proportion);
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
