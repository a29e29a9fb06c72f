using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Outbreaks;

/// <summary>
/// Computes an alert version's statistics once, from the counts and the baseline: observed against expected over the
/// area and window, excess, ratio, tests and shares, the significance handed in by the policy, and the trend (the last
/// three days' observed/expected against the three before, each smoothed by half a case).
/// </summary>
public static class AlertStory
{
    const int TrendDays = 3;

    public static AlertStatistics Of(Expectations expectations, IReadOnlyList<int> area, Condition condition, int firstDay, int today,
        DateTimeOffset now, double pValue, double? recurrenceIntervalDays)
    {
        var outcome = expectations.Over(area, condition, firstDay, today);
        var recent = expectations.Over(area, condition, today - TrendDays + 1, today);
        var before = expectations.Over(area, condition, today - 2 * TrendDays + 1, today - TrendDays);
        var trendRatio = (recent.Observed + 0.5) / (recent.Expected + 0.5) / ((before.Observed + 0.5) / (before.Expected + 0.5));
        var trend = trendRatio >= 1.25 ? AlertTrend.Rising : trendRatio <= 0.8 ? AlertTrend.Falling : AlertTrend.Stable;
        return new AlertStatistics(
            outcome.Observed,
            Math.Round(outcome.Expected, 2),
            Math.Round(outcome.Excess, 2),
            double.IsFinite(outcome.Ratio) ? Math.Round(outcome.Ratio, 2) : 0,
            outcome.Tests,
            outcome.Tests > 0 ? Math.Round((double)outcome.Observed / outcome.Tests, 4) : 0,
            outcome.Tests > 0 ? Math.Round(outcome.Expected / outcome.Tests, 4) : 0,
            Significant(pValue),
            recurrenceIntervalDays is { } ri ? Math.Round(ri, 1) : null,
            AnalysisDay.Start(firstDay),
            now,
            trend,
            Math.Round(trendRatio, 2));
    }

    /// <summary>Four significant digits: enough to read, stable in JSON.</summary>
    static double Significant(double p) => p <= 0 ? 0 : Math.Min(1, double.Parse(p.ToString("G4", System.Globalization.CultureInfo.InvariantCulture),
        System.Globalization.CultureInfo.InvariantCulture));
}
