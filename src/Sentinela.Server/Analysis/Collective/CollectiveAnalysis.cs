using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis;
using Sentinela.Server.Analysis.Collective.Distributed;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>
/// Runs the <see cref="OutbreakDetector"/> behind one lock, logs what it decides to the alert store (durably) and then
/// publishes each new version on the bus. Rebuilds the in-memory index from storage on first use.
/// With a shared index and a decision lease (distributed backend with Redis) several instances act as one: each adds its
/// hemograms to the shared index, fills its detector's index from it around every circle it is about to read, and any
/// step that would change an alert is decided again under the lease, after re-reading the active alerts from the log,
/// and logged before the lease is released; so instance A absorbs the alert instance B raised instead of raising anew.
/// The municipality and state windows are shared the same way: each instance counts its hemograms in the shared region
/// counters, and takes the shared counts of every region window it is about to evaluate in place of its own (with the
/// abnormal hemograms behind them, the evidence, when deciding under the lease).
/// </summary>
public sealed class CollectiveAnalysis(
    IOptions<CollectiveAnalysisOptions> options,
    MunicipalityTable municipalities,
    IHemogramStore hemograms,
    IAlertStore alerts,
    IAlertBus bus,
    AnalysisMetrics metrics,
    TimeProvider clock,
    ILogger<CollectiveAnalysis> logger,
    IHemogramGeoIndex? sharedIndex = null,
    DecisionLease? lease = null,
    RedisRegionWindows? regionWindows = null)
{
    readonly OutbreakDetector _detector = new(options.Value, municipalities, shared: sharedIndex is not null && lease is not null);
    readonly SemaphoreSlim _lock = new(1, 1);
    bool Shared => sharedIndex is not null && lease is not null;
    bool _initialized;
    long _knownSequence = -1;

    public async Task ObserveAsync(IReadOnlyList<Hemogram> stored, CancellationToken ct)
    {
        if (stored.Count == 0) return;
        if (!Shared)
        {
            // Each change remembers the hemogram that caused it: its arrival starts the delivery-latency clock.
            await RunAsync("observe", stored.Count, (now, _) => AppendAsync(stored.SelectMany(h => _detector.Observe(new IndexedHemogram(h), now)
                .Select(c => (c, (DateTimeOffset?)h.ReceivedAt))).ToList()), ct);
            return;
        }
        var indexed = stored.Select(h => (Hemogram: h, Indexed: new IndexedHemogram(h))).ToList();
        // Shared before deciding, so an instance deciding next door already counts these.
        // Both adds in one round trip: neither touches the detector.
        var slices = indexed.Select(h => h.Indexed).ToList();
        await Task.WhenAll(sharedIndex!.AddAsync(slices, ct).AsTask(), regionWindows?.AddAsync(slices, clock.GetUtcNow(), ct) ?? Task.CompletedTask);
        await RunAsync("observe", stored.Count, async (now, token) =>
        {
            var logged = new List<(OutbreakAlert, DateTimeOffset?)>();
            if (indexed.Any(h => h.Indexed.AbnormalMask != 0)) await RefreshIfLogMovedAsync(token);
            foreach (var (h, ih) in indexed)
            {
                // Loaded before the shared index can merge it back (a merged hemogram counts as loaded), and before the
                // shared counts replace this instance's, which they include.
                _detector.Load(ih);
                await FillAsync(_detector.RadiusQueries(ih), now, token);
                await FillRegionsAsync(_detector.RegionReads(ih, now), withEvidence: false, token);
                if (_detector.Examine(ih, now).Count == 0) continue;
                logged.AddRange(await DecideAsync(async () =>
                {
                    await FillAsync(_detector.RadiusQueries(ih), now, token);
                    await FillRegionsAsync(_detector.RegionReads(ih, now), withEvidence: true, token);
                    return _detector.Examine(ih, now).Select(c => (c, (DateTimeOffset?)h.ReceivedAt)).ToList();
                }, token));
            }
            return logged;
        }, ct);
    }

    public Task TickAsync(CancellationToken ct) => RunAsync("tick", 0, async (now, token) =>
    {
        if (!Shared) return await AppendAsync(_detector.Tick(now).Select(c => (c, (DateTimeOffset?)null)).ToList());
        await RefreshIfLogMovedAsync(token);
        await FillAsync(_detector.RadiusQueries(), now, token);
        await FillRegionsAsync(_detector.RegionReads(now), withEvidence: false, token);
        if (_detector.Tick(now).Count == 0) return [];
        return await DecideAsync(async () =>
        {
            await FillAsync(_detector.RadiusQueries(), now, token);
            await FillRegionsAsync(_detector.RegionReads(now), withEvidence: true, token);
            return _detector.Tick(now).Select(c => (c, (DateTimeOffset?)null)).ToList();
        }, token);
    }, ct);

    async Task RunAsync(string stepName, int hemogramCount,
        Func<DateTimeOffset, CancellationToken, Task<List<(OutbreakAlert Alert, DateTimeOffset? Cause)>>> step, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // The timer has no caller to join: its step is not traced, and what it publishes starts a trace of its own.
        using var span = stepName == "tick" ? null
            : AnalysisTracing.Source.StartActivity("analysis.collective")?.SetTag("sentinela.hemograms", hemogramCount);
        List<(OutbreakAlert Alert, DateTimeOffset? Cause)> published;
        await _lock.WaitAsync(ct);
        try
        {
            if (!_initialized) await InitializeAsync(ct);
            published = await step(clock.GetUtcNow(), ct);
            metrics.Active(_detector.ActiveAlerts.Count());
        }
        finally
        {
            _lock.Release();
            metrics.Step(Stopwatch.GetElapsedTime(started), stepName);
        }
        span?.Dispose();
        foreach (var (alert, cause) in published)
        {
            metrics.Logged(alert);
            await bus.PublishAsync(new PublishedAlert(alert, cause), ct);
        }
    }

    /// <summary>Durable before anyone hears of it: the log is the source of truth for resume and REST.</summary>
    async Task<List<(OutbreakAlert Alert, DateTimeOffset? Cause)>> AppendAsync(IReadOnlyList<(AlertChange Change, DateTimeOffset? Cause)> changes,
        long? fence = null)
    {
        Activity.Current?.SetTag("sentinela.alert_changes", changes.Count);
        if (changes.Count == 0) return [];
        var causes = new Dictionary<(Guid, int), DateTimeOffset?>();
        foreach (var (change, cause) in changes)
            if (change.NewVersion is { } version) causes.TryAdd((change.AlertId, version.Version), cause);
        IReadOnlyList<OutbreakAlert> logged;
        using (AlertsTracing.Source.StartActivity("alerts.log.append")?.SetTag("sentinela.alert_changes", changes.Count))
            logged = await alerts.AppendAsync(changes.Select(c => c.Change).ToList(), CancellationToken.None, fence);
        return logged.Select(a => (a, causes.GetValueOrDefault((a.Id, a.Version)))).ToList();
    }

    /// <summary>
    /// Decides again under the lease on the alert log as it is now, and logs the outcome before releasing it: the next
    /// instance to decide reads this one's alerts, so it absorbs them rather than raising its own. The log refuses the
    /// outcome if the lease expired meanwhile and another instance took a turn: the decision is dropped, and made again
    /// on the log as it is by the next step that needs it.
    /// </summary>
    async Task<List<(OutbreakAlert Alert, DateTimeOffset? Cause)>> DecideAsync(
        Func<Task<List<(AlertChange Change, DateTimeOffset? Cause)>>> decide, CancellationToken ct)
    {
        await using var turn = await lease!.AcquireAsync(ct);
        await RefreshActiveAsync(ct);
        try
        {
            return await AppendAsync(await decide(), turn.Fence);
        }
        catch (StaleFenceException e)
        {
            logger.LogWarning(e, "Alert decision dropped: the decision lease expired before it was logged");
            // What decide() changed in memory is not in the log: read the log again before the next step.
            _knownSequence = -1;
            return [];
        }
    }

    /// <summary>Another instance logged a version since this one last read the log: take its active alerts.</summary>
    async Task RefreshIfLogMovedAsync(CancellationToken ct)
    {
        if (await alerts.LastSequenceAsync(ct) != _knownSequence) await RefreshActiveAsync(ct);
    }

    async Task RefreshActiveAsync(CancellationToken ct)
    {
        // The sequence first: a version logged meanwhile makes the next check reload again rather than be missed.
        _knownSequence = await alerts.LastSequenceAsync(ct);
        _detector.ClearActive();
        foreach (var alert in await alerts.ActiveAsync(ct))
            _detector.Restore(alert, await alerts.EvidenceAsync(alert.Id, ct));
    }

    /// <summary>Merges what the shared index holds within each circle the detector is about to read.</summary>
    async Task FillAsync(IEnumerable<(GeoPoint Centre, HemogramParameter Parameter)> queries, DateTimeOffset now, CancellationToken ct)
    {
        var radius = options.Value.Radius;
        var found = await Task.WhenAll(queries.Select(q => sharedIndex!.RecentAsync(q.Centre, radius.RadiusKm, q.Parameter,
            now - radius.Window, DateTimeOffset.MaxValue, radius.RecentCount * 2, ct).AsTask()));
        foreach (var h in found.SelectMany(f => f)) _detector.Merge(h);
    }

    /// <summary>
    /// Takes the shared counts of each region window the detector is about to evaluate, and with them (deciding) the
    /// abnormal hemograms other instances received there, so a region alert lists all of its evidence.
    /// Without shared counters, or while Redis does not answer, the detector keeps this instance's own counts.
    /// </summary>
    async Task FillRegionsAsync(IEnumerable<RegionWindowRange> ranges, bool withEvidence, CancellationToken ct)
    {
        if (regionWindows is null) return;
        var shared = await regionWindows.ReadAsync(ranges.ToList(), withEvidence, ct);
        foreach (var window in shared ?? [])
        {
            _detector.ReplaceRegion(window.Range, window.Buckets);
            foreach (var h in window.Abnormal) _detector.Merge(h);
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
        await RefreshActiveAsync(ct);
        _initialized = true;
        logger.LogInformation("Collective analysis ready: {Hemograms} hemograms indexed since {Since:u}, {Alerts} active alerts",
            _detector.IndexedCount, since, _detector.ActiveAlerts.Count());
    }
}
