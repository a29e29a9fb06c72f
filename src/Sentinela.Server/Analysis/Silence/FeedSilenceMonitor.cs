using MathNet.Numerics.Distributions;
using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Outbreaks;

namespace Sentinela.Server.Analysis.Silence;

/// <summary>
/// Operational notices that a data feed went quiet — never an outbreak, and never raised by low counts of a condition
/// (the detectors only look for excess). Two feeds are watched:
/// <list type="bullet">
/// <item>a laboratory: hemograms received in the last 24 hours against the same hours of the same weekday in the previous
/// weeks (so office hours and weekends are expected), as it happens;</item>
/// <item>a municipality: hemograms collected yesterday against the same weekday in the previous weeks, once the day is
/// complete — unless one of its laboratories already has a notice open, which tells the same story.</item>
/// </list>
/// Pure and stateless beyond the open notices (restored from the alert log), like the outbreak tracker.
/// </summary>
public sealed class FeedSilenceMonitor(FeedSilenceOptions options, MunicipalityTable municipalities, double municipalityRadiusKm)
{
    const int HoursPerWeek = 24 * 7;
    readonly List<OutbreakAlert> _open = [];

    public IReadOnlyList<OutbreakAlert> Open => _open;

    public void Restore(OutbreakAlert alert)
    {
        if (alert is { Type: AlertType.FeedSilence, Status: AlertStatus.Active }) _open.Add(alert);
    }

    public void Clear() => _open.Clear();

    public IReadOnlyList<OutbreakAlert> Decide(LabHours labs, CountTable counts, DateTimeOffset now)
    {
        if (!options.Enabled) return [];
        var versions = new List<OutbreakAlert>();
        var hour = now.ToUnixTimeSeconds() / 3600;
        foreach (var lab in labs.Labs.Order(StringComparer.Ordinal))
        {
            var observed = labs.Between(lab, hour - 23, hour + 1);
            var past = Enumerable.Range(1, options.Weeks).Select(w => labs.Between(lab, hour - 23 - w * HoursPerWeek, hour + 1 - w * HoursPerWeek)).ToList();
            Judge(versions, $"lab|{lab}", lab, labs.MunicipalityOf(lab), observed, past, now.AddHours(-24), now, now);
        }
        var yesterday = AnalysisDay.Of(now) - 1;
        var silentLabsIn = _open.Where(a => a.ReportingLabs.Count > 0).Select(a => a.Area.MunicipalityCode).ToHashSet();
        foreach (var municipality in counts.Municipalities.Order())
        {
            if (silentLabsIn.Contains(municipality)) continue;
            var observed = counts.Value(municipality, yesterday, CountSlots.Hemograms);
            var past = Enumerable.Range(1, options.Weeks).Select(w => counts.Value(municipality, yesterday - 7 * w, CountSlots.Hemograms)).ToList();
            Judge(versions, $"municipality|{municipality}", null, municipality, observed, past, AnalysisDay.Start(yesterday), AnalysisDay.Start(yesterday + 1), now);
        }
        return versions;
    }

    /// <summary>Raises or resolves the notice of one feed; a feed needs two past weeks with data before it can be silent.</summary>
    void Judge(List<OutbreakAlert> versions, string feed, string? lab, int municipality, int observed, List<int> past,
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var weeks = past.Where(n => n > 0).ToList();
        var expected = weeks.Count >= 2 ? weeks.Average() : 0;
        var open = _open.FirstOrDefault(a => Feed(a) == feed);
        if (open is null)
        {
            var pValue = expected > 0 ? Poisson.CDF(expected, observed) : 1;
            if (expected < options.MinExpected || observed > options.SilentShare * expected || pValue >= options.MaxPValue
                || municipalities.Find(municipality) is null) return;
            var raised = Notice(AlertIds.For($"silence|{feed}", now), 1, AlertStatus.Active, lab, municipality, observed, expected, pValue, from, to, now, now);
            _open.Add(raised);
            versions.Add(raised);
        }
        else if (observed >= options.RecoveredShare * expected)
        {
            var resolved = Notice(open.Id, open.Version + 1, AlertStatus.Resolved, lab, municipality, observed, expected, 1, from, to, open.RaisedAt, now);
            _open.Remove(open);
            versions.Add(resolved);
        }
    }

    static string Feed(OutbreakAlert notice) =>
        notice.ReportingLabs is [var lab] ? $"lab|{lab}" : $"municipality|{notice.Area.MunicipalityCode}";

    OutbreakAlert Notice(Guid id, int version, AlertStatus status, string? lab, int municipality, int observed, double expected, double pValue,
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset raisedAt, DateTimeOffset now)
    {
        var area = AlertArea.Of([municipality], municipalities, municipalityRadiusKm);
        var statistics = new AlertStatistics(observed, Math.Round(expected, 1), Math.Round(observed - expected, 1),
            expected > 0 ? Math.Round(observed / expected, 2) : 0, 0, 0, 0, pValue, null, from, to, AlertTrend.Stable, 1);
        return new OutbreakAlert
        {
            Id = id,
            Version = version,
            Type = AlertType.FeedSilence,
            Status = status,
            Detector = DetectorKind.FeedSilence,
            Severity = AlertSeverity.Moderate,
            Area = area,
            Statistics = statistics,
            RaisedAt = raisedAt,
            UpdatedAt = now,
            ResolvedAt = status == AlertStatus.Resolved ? now : null,
            ReportingLabs = lab is null ? [] : [lab],
            EvidenceCount = 0,
            Headline = AlertText.Headline(AlertType.FeedSilence, status, null, area, statistics, lab),
            SuggestedAction = AlertText.SuggestedAction(AlertType.FeedSilence, null),
        };
    }
}
