using System.Diagnostics;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Analysis.Silence;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Observability;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Analysis.Decisions;

/// <summary>
/// Runs the <see cref="DetectionEngine"/> against storage: one decision at a time (and, with several instances, under the
/// decision lease), it takes the open alerts from the alert log whenever the log moved, reads the counters (the recent
/// days each time, all of them every <see cref="DetectionOptions.HistoryRefresh"/>), decides, gathers each new version's
/// evidence from the hemogram store, appends the versions durably (fenced by the lease) and only then publishes them.
/// </summary>
public sealed class OutbreakDecider(
    DetectionEngine engine,
    DetectionOptions options,
    FeedSilenceOptions silence,
    BaselineOptions baseline,
    IAnalysisStore counts,
    IHemogramStore hemograms,
    IAlertStore alerts,
    IAlertBus bus,
    AnalysisMetrics metrics,
    TimeProvider clock,
    ServiceInstance instance,
    ILogger<OutbreakDecider> logger,
    DecisionLease? lease = null)
{
    readonly SemaphoreSlim _lock = new(1, 1);
    static readonly TimeSpan ChangeMargin = TimeSpan.FromMinutes(5);

    long _knownSequence = -1;
    DateTimeOffset _historyReadAt = DateTimeOffset.MinValue, _countsReadAt = DateTimeOffset.MinValue;

    /// <summary>When the last decision finished (null before the first).</summary>
    public DateTimeOffset? LastDecisionAt { get; private set; }

    /// <summary>
    /// Decides once and returns the versions it logged (and published). A decision that changes alerts is a trace of its
    /// own, "analysis.decide", from the evidence it reads to the fan-out and push it publishes to; the laboratories'
    /// requests that brought the data ended at their durable commit.
    /// </summary>
    public async Task<IReadOnlyList<OutbreakAlert>> DecideAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<(OutbreakAlert Alert, DateTimeOffset? Cause)> published = [];
        Activity? span = null;
        await _lock.WaitAsync(ct);
        try
        {
            await using var turn = lease is null ? null : await lease.AcquireAsync(ct);
            (published, span) = await DecideUnderLeaseAsync(turn?.Fence, ct);
            metrics.Active(engine.Tracker.Open.Count);
            LastDecisionAt = clock.GetUtcNow();
        }
        catch (StaleFenceException e)
        {
            logger.LogWarning(e, "Alert decision dropped: the decision lease expired before it was logged");
        }
        catch
        {
            // What the engine decided in memory is not in the log: read the log again before the next decision.
            _knownSequence = -1;
            throw;
        }
        finally
        {
            _lock.Release();
            metrics.Step(Stopwatch.GetElapsedTime(started), "decide");
        }
        var caller = Activity.Current;
        Activity.Current = span;
        try
        {
            foreach (var (alert, cause) in published)
            {
                metrics.Logged(alert);
                await bus.PublishAsync(new PublishedAlert(alert, cause), ct);
            }
        }
        finally
        {
            span?.Dispose();
            Activity.Current = caller;
        }
        return published.Select(p => p.Alert).ToList();
    }

    /// <summary>
    /// Reads the engine's counts against its baseline as of the last decision (null before the first), between decisions:
    /// the engine is not thread-safe, and the counts it holds are the ones that decision read.
    /// </summary>
    public async Task<(T Value, DateTimeOffset AsOf)?> ReadAsync<T>(Func<Expectations, T> read, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            return LastDecisionAt is { } asOf ? (read(engine.ExpectationsOn(AnalysisDay.Of(asOf))), asOf) : null;
        }
        finally
        {
            _lock.Release();
        }
    }

    async Task<(IReadOnlyList<(OutbreakAlert, DateTimeOffset?)> Published, Activity? Span)> DecideUnderLeaseAsync(long? fence, CancellationToken ct)
    {
        if (await alerts.LastSequenceAsync(ct) != _knownSequence) await ReloadOpenAlertsAsync(ct);
        var now = clock.GetUtcNow();
        await ReadCountsAsync(now, ct);
        var versions = engine.Decide(now);
        if (versions.Count == 0) return ([], null);
        // A new trace: the decision is caused by many requests' data, none of which is its parent.
        Activity.Current = null;
        var span = AnalysisTracing.Source.StartActivity("analysis.decide")?.SetTag("sentinela.alert_changes", versions.Count)
            .SetTag(ServiceInstance.Tag, instance.Id);
        try
        {
            var changes = new List<AlertChange>();
            var causes = new Dictionary<Guid, DateTimeOffset?>();
            foreach (var version in versions)
            {
                var (change, cause) = await WithEvidenceAsync(version, ct);
                changes.Add(change);
                causes[version.Id] = cause;
            }
            IReadOnlyList<OutbreakAlert> logged;
            using (AlertsTracing.Source.StartActivity("alerts.log.append")?.SetTag("sentinela.alert_changes", changes.Count))
                logged = await alerts.AppendAsync(changes, CancellationToken.None, fence);
            // The engine holds versions without their sequence and evidence: take them back from the log.
            _knownSequence = -1;
            return (logged.Select(a => (a, causes.GetValueOrDefault(a.Id))).ToList(), span);
        }
        catch
        {
            span?.Dispose();
            throw;
        }
    }

    async Task ReloadOpenAlertsAsync(CancellationToken ct)
    {
        // The sequence first: a version logged meanwhile makes the next decision reload again rather than be missed.
        _knownSequence = await alerts.LastSequenceAsync(ct);
        engine.ClearOpen();
        foreach (var alert in await alerts.ActiveAsync(ct)) engine.Restore(alert);
        // Recently resolved alerts too: their days must not raise them again (a listing is by last version, so one page
        // of a thousand covers any realistic month; beyond it an old resolution is simply forgotten).
        var since = clock.GetUtcNow() - engine.Tracker.ResolvedMemory;
        foreach (var alert in await alerts.ListAsync(new AlertQuery(Since: since, Status: AlertStatus.Resolved, Limit: 1000), ct))
            engine.Restore(alert);
    }

    /// <summary>
    /// The counters as the store has them: all of them every HistoryRefresh, otherwise the rows the outbox changed since the
    /// last read (less a margin for transactions that committed late and clocks that differ), whatever their day — a
    /// backfill of last month changes the baseline, which is then fitted again.
    /// </summary>
    async Task ReadCountsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var table = engine.Counts;
        var today = AnalysisDay.Of(now);
        table.MoveTo(today);
        var whole = now - _historyReadAt >= options.HistoryRefresh;
        var rows = await counts.ReadCountsAsync(table.FirstDay, whole ? null : _countsReadAt - ChangeMargin, ct);
        if (whole) table.Clear(table.FirstDay);
        foreach (var row in rows) table.Set(row.Municipality, row.Day, row.Slots);
        if (!whole && rows.Any(r => r.Day < today - baseline.GuardDays)) engine.HistoryChanged();
        _countsReadAt = now;
        var hour = now.ToUnixTimeSeconds() / 3600;
        var fromHour = whole ? hour - (long)DetectionEngine.LabHistory(silence).TotalHours : hour - 2;
        engine.LabHours.Replace(fromHour, await counts.ReadLabHoursAsync(fromHour, ct));
        engine.LabHours.Prune(hour - (long)DetectionEngine.LabHistory(silence).TotalHours);
        if (!whole) return;
        engine.HistoryChanged();
        _historyReadAt = now;
    }

    /// <summary>
    /// The abnormal hemograms behind an active version's numbers (its area and days, newest first, up to MaxEvidence),
    /// added to what the alert already keeps; the newest one's arrival is the version's cause for the latency metric.
    /// </summary>
    async Task<(AlertChange Change, DateTimeOffset? Cause)> WithEvidenceAsync(OutbreakAlert version, CancellationToken ct)
    {
        if (version.Status != AlertStatus.Active || version.Condition is not { } condition) return (new AlertChange(version.Id, version, []), null);
        var kept = version.Version == 1 ? [] : (await alerts.EvidenceAsync(version.Id, ct)).ToHashSet();
        var room = Math.Max(0, options.MaxEvidence - kept.Count);
        var found = room == 0 ? [] : await hemograms.AbnormalAsync(version.Area.Municipalities, condition, version.Statistics.WindowStart,
            AnalysisDay.Start(AnalysisDay.Of(version.Statistics.WindowEnd) + 1), options.MaxEvidence, ct);
        var added = found.Where(h => !kept.Contains(h.Id)).Take(room).ToList();
        var labs = version.ReportingLabs.Concat(added.Select(h => h.Lab).OfType<string>()).Distinct().Order().ToList();
        var complete = version with { EvidenceCount = kept.Count + added.Count, ReportingLabs = labs };
        return (new AlertChange(version.Id, complete, added.Select(h => h.Id).ToList()), added.Count > 0 ? added.Max(h => h.ReceivedAt) : null);
    }
}
