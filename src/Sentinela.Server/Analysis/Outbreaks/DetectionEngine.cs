using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Detection;
using Sentinela.Server.Analysis.Scan;
using Sentinela.Server.Analysis.Silence;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Outbreaks;

/// <summary>
/// Collective analysis as one pure decision over counts: refit the baseline when the day changes (or the history was
/// re-read), run the temporal detectors per reporting municipality × condition and, when due, the space–time scan, pass
/// their findings through the policy (corrected p-value below <see cref="DetectionOptions.Alpha"/>, at least
/// <see cref="DetectionOptions.MinCases"/> cases) and let the <see cref="OutbreakTracker"/> turn the signals into alert
/// versions; then the <see cref="FeedSilenceMonitor"/> judges the data feeds. The live decider and the backtest both drive
/// exactly this; neither does I/O here.
/// </summary>
public sealed class DetectionEngine
{
    readonly DetectionOptions _options;
    readonly BaselineOptions _baselineOptions;
    readonly ScanOptions _scanOptions;
    readonly MunicipalityTable _municipalities;
    readonly Neighbourhood _neighbourhood;
    readonly SpaceTimeScan _scan;
    readonly IReadOnlyList<(DetectorKind Kind, ITemporalDetector Detector)> _temporal;
    BaselineModel? _baseline;
    bool _historyChanged;
    DateTimeOffset _lastScan = DateTimeOffset.MinValue;

    public DetectionEngine(DetectionOptions options, BaselineOptions baseline, ScanOptions scan, FeedSilenceOptions silence,
        MunicipalityTable municipalities, IReadOnlyList<(DetectorKind Kind, ITemporalDetector Detector)> temporal, DateTimeOffset now)
    {
        (_options, _baselineOptions, _scanOptions, _municipalities, _temporal) = (options, baseline, scan, municipalities, temporal);
        _neighbourhood = new Neighbourhood(municipalities, Math.Max(scan.MaxRadiusKm, baseline.PoolRadiusKm));
        _scan = new SpaceTimeScan(scan, _neighbourhood, options.MinCases);
        Counts = new CountTable(HistoryDays, AnalysisDay.Of(now));
        Tracker = new OutbreakTracker(options, municipalities);
        Silence = new FeedSilenceMonitor(silence, municipalities, options.MunicipalityRadiusKm);
    }

    /// <summary>Days of counts the decisions read: the baseline and its guard band, or the longest series, and today.</summary>
    /// <summary>Recurrence intervals are told up to a century: beyond that the Monte Carlo tail is extrapolation, not knowledge.</summary>
    public const double MaxRecurrenceDays = 36_500;

    public int HistoryDays => Math.Max(Math.Max(_baselineOptions.BaselineDays + _baselineOptions.GuardDays, _options.SeriesDays), _scanOptions.MaxWindowDays) + 1;

    public CountTable Counts { get; }
    public OutbreakTracker Tracker { get; }
    public LabHours LabHours { get; } = new();
    public FeedSilenceMonitor Silence { get; }

    /// <summary>How far back laboratory feeds are compared: the weeks of <see cref="FeedSilenceOptions.Weeks"/> and a day.</summary>
    public static TimeSpan LabHistory(FeedSilenceOptions silence) => TimeSpan.FromDays(7 * silence.Weeks + 1);

    /// <summary>Counts one hemogram directly (backtest); live, the counters come from the store.</summary>
    public void Count(in CountChange change)
    {
        Counts.MoveTo(change.Day);
        Counts.Add(change);
        LabHours.Add(change);
    }

    /// <summary>Forgets the open alerts and notices, before they are restored as the alert log has them now.</summary>
    public void ClearOpen()
    {
        Tracker.Clear();
        Silence.Clear();
    }

    public void Restore(OutbreakAlert alert)
    {
        Tracker.Restore(alert);
        Silence.Restore(alert);
    }

    /// <summary>Days before today changed (a full re-read, late or retracted results): the baseline is fitted again.</summary>
    public void HistoryChanged() => _historyChanged = true;

    public IReadOnlyList<OutbreakAlert> Decide(DateTimeOffset now)
    {
        var today = AnalysisDay.Of(now);
        var expectations = ExpectationsOn(today);
        var signals = Temporal(expectations, today).ToList();
        if (_scanOptions.Enabled && now - _lastScan >= _options.ScanInterval)
        {
            _lastScan = now;
            signals.AddRange(Scan(expectations, today, now));
        }
        return [.. Tracker.Decide(signals, expectations, today, now), .. Silence.Decide(LabHours, Counts, now)];
    }

    /// <summary>The counts read against the baseline as of <paramref name="today"/>, fitting it again when the day or history changed.</summary>
    public Expectations ExpectationsOn(int today)
    {
        Counts.MoveTo(today);
        if (_baseline is null || _baseline.Today != today || _historyChanged)
        {
            _baseline = BaselineModel.Fit(Counts, today, _baselineOptions, _municipalities, _neighbourhood);
            _historyChanged = false;
        }
        return new Expectations(Counts, _baseline);
    }

    IEnumerable<Signal> Temporal(Expectations expectations, int today)
    {
        if (_temporal.Count == 0) yield break;
        var series = new SeriesDay[_options.SeriesDays];
        var correction = (double)CountSlots.Conditions * _options.CorrectedWindows;
        foreach (var municipality in Counts.Municipalities.Where(m => Counts.HasData(m, today - _options.CorrectedWindows + 1)).Order())
            foreach (var condition in Condition.All)
            {
                expectations.Series(municipality, condition, today, series);
                var rho = expectations.Baseline.Rho(municipality, condition);
                foreach (var (kind, detector) in _temporal)
                {
                    var score = detector.Evaluate(series, rho);
                    if (!score.Alarm) continue;
                    // Every signal is judged by the same expectation model: the excess over the detector's window, with the
                    // uncertainty of the learned rate, corrected for the conditions and windows searched.
                    var window = Math.Clamp(score.WindowDays, 1, series.Length);
                    var outcome = expectations.Over([municipality], condition, today - window + 1, today);
                    var p = Math.Min(1, outcome.PValue * correction);
                    if (p < _options.Alpha && outcome.Observed >= _options.MinCases)
                        yield return new Signal(condition, kind, [municipality], window, p, null);
                }
            }
    }

    IEnumerable<Signal> Scan(Expectations expectations, int today, DateTimeOffset now)
    {
        foreach (var cluster in _scan.Run(expectations, today, now, _options.Alpha / CountSlots.Conditions))
        {
            var p = Math.Min(1, cluster.PValue * CountSlots.Conditions);
            if (p < _options.Alpha && cluster.Observed >= _options.MinCases)
                yield return new Signal(cluster.Condition, DetectorKind.SpaceTimeScan, cluster.Municipalities, cluster.WindowDays, p,
                    Math.Min(1 / p, MaxRecurrenceDays));
        }
    }
}
