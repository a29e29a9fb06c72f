using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Alerts;
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
    TimeProvider clock,
    ILogger<CollectiveAnalysis> logger)
{
    readonly OutbreakDetector _detector = new(options.Value, municipalities);
    readonly SemaphoreSlim _lock = new(1, 1);
    bool _initialized;

    public async Task ObserveAsync(IReadOnlyList<Hemogram> stored, CancellationToken ct)
    {
        if (stored.Count == 0) return;
        await RunAsync(now => stored.SelectMany(h => _detector.Observe(new IndexedHemogram(h), now)).ToList(), ct);
    }

    public Task TickAsync(CancellationToken ct) => RunAsync(_detector.Tick, ct);

    async Task RunAsync(Func<DateTimeOffset, IReadOnlyList<AlertChange>> step, CancellationToken ct)
    {
        IReadOnlyList<OutbreakAlert> published;
        await _lock.WaitAsync(ct);
        try
        {
            if (!_initialized) await InitializeAsync(ct);
            var changes = step(clock.GetUtcNow());
            if (changes.Count == 0) return;
            // Durable before anyone hears of it: the log is the source of truth for resume and REST.
            published = await alerts.AppendAsync(changes, CancellationToken.None);
        }
        finally
        {
            _lock.Release();
        }
        foreach (var alert in published) await bus.PublishAsync(alert, ct);
    }

    async Task InitializeAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow() - options.Value.Horizon;
        await foreach (var h in hemograms.ReadCollectedSinceAsync(since, ct)) _detector.Load(new IndexedHemogram(h));
        foreach (var alert in await alerts.ActiveAsync(ct))
            _detector.Restore(alert, await alerts.EvidenceAsync(alert.Id, ct));
        _initialized = true;
        logger.LogInformation("Collective analysis ready: {Hemograms} hemograms indexed since {Since:u}, {Alerts} active alerts",
            _detector.IndexedCount, since, _detector.ActiveAlerts.Count());
    }
}
