using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>
/// Runs the <see cref="OutbreakDetector"/> behind one lock, logs what it decides to the alert store (durably) and then
/// publishes each new version on the bus. Rebuilds the in-memory index from storage on first use.
/// </summary>
public sealed class CollectiveAnalysis(
    IOptions<CollectiveAnalysisOptions> options,
    MunicipalityTable municipalities,
    IHemogramStore hemograms,
    IAlertStore alerts,
    IAlertBus bus,
    AnalysisMetrics metrics,
    TimeProvider clock,
    ILogger<CollectiveAnalysis> logger)
{
    readonly OutbreakDetector _detector = new(options.Value, municipalities);
    readonly SemaphoreSlim _lock = new(1, 1);
    bool _initialized;

    public async Task ObserveAsync(IReadOnlyList<Hemogram> stored, CancellationToken ct)
    {
        if (stored.Count == 0) return;
        // Each change remembers the hemogram that caused it: its arrival starts the delivery-latency clock.
        await RunAsync("observe", stored.Count, now => stored.SelectMany(h => _detector.Observe(new IndexedHemogram(h), now)
            .Select(c => (c, (DateTimeOffset?)h.ReceivedAt))).ToList(), ct);
    }

    public Task TickAsync(CancellationToken ct) =>
        RunAsync("tick", 0, now => _detector.Tick(now).Select(c => (c, (DateTimeOffset?)null)).ToList(), ct);

    async Task RunAsync(string stepName, int hemogramCount,
        Func<DateTimeOffset, IReadOnlyList<(AlertChange Change, DateTimeOffset? Cause)>> step, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // The timer has no caller to join: its step is not traced, and what it publishes starts a trace of its own.
        using var span = stepName == "tick" ? null
            : AnalysisTracing.Source.StartActivity("analysis.collective")?.SetTag("sentinela.hemograms", hemogramCount);
        IReadOnlyList<OutbreakAlert> published;
        Dictionary<(Guid, int), DateTimeOffset?> causes;
        await _lock.WaitAsync(ct);
        try
        {
            if (!_initialized) await InitializeAsync(ct);
            var changes = step(clock.GetUtcNow());
            metrics.Active(_detector.ActiveAlerts.Count());
            span?.SetTag("sentinela.alert_changes", changes.Count);
            if (changes.Count == 0) return;
            causes = [];
            foreach (var (change, cause) in changes)
                if (change.NewVersion is { } version) causes.TryAdd((change.AlertId, version.Version), cause);
            // Durable before anyone hears of it: the log is the source of truth for resume and REST.
            using (AlertsTracing.Source.StartActivity("alerts.log.append")?.SetTag("sentinela.alert_changes", changes.Count))
                published = await alerts.AppendAsync(changes.Select(c => c.Change).ToList(), CancellationToken.None);
        }
        finally
        {
            _lock.Release();
            metrics.Step(Stopwatch.GetElapsedTime(started), stepName);
        }
        span?.Dispose();
        foreach (var alert in published)
        {
            metrics.Logged(alert);
            await bus.PublishAsync(new PublishedAlert(alert, causes.GetValueOrDefault((alert.Id, alert.Version))), ct);
        }
    }

    async Task InitializeAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow() - options.Value.Horizon;
        // The rebuild is not part of the request that happens to trigger it: no geo.add span per reloaded hemogram.
        var caller = Activity.Current;
        Activity.Current = null;
        try
        {
            await foreach (var h in hemograms.ReadCollectedSinceAsync(since, ct)) _detector.Load(new IndexedHemogram(h));
        }
        finally
        {
            Activity.Current = caller;
        }
        foreach (var alert in await alerts.ActiveAsync(ct))
            _detector.Restore(alert, await alerts.EvidenceAsync(alert.Id, ct));
        _initialized = true;
        logger.LogInformation("Collective analysis ready: {Hemograms} hemograms indexed since {Since:u}, {Alerts} active alerts",
            _detector.IndexedCount, since, _detector.ActiveAlerts.Count());
    }
}
