using System.Globalization;
using System.Text;
using Sentinela.DetectionQuality.Scoring;

namespace Sentinela.DetectionQuality.Running;

/// <summary>The harness tables, in Markdown for docs/DETECTION.md: the side-by-side scores, sensitivity by stratum, the sweeps.</summary>
public static class MarkdownReport
{
    public static string Render(IReadOnlyList<LevelReport> levels, double targetFalseAlarms)
    {
        var md = new StringBuilder();
        foreach (var level in levels)
        {
            var truth = level.Truth;
            var s = truth.Scenario;
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"#### {s.Prevalence} prevalence"));
            md.AppendLine();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{truth.Municipalities.Count} Minas Gerais municipalities (weekday volumes {s.MaxWeekdayVolume:0} → {s.MinWeekdayVolume:0}), " +
                $"{s.HistoryDays} days of history then {s.ScoredDays} scored days from {truth.ScoredFrom:yyyy-MM-dd}, seed {s.Seed}: " +
                $"{truth.Hemograms:N0} hemograms, {truth.Outbreaks.Count} outbreaks ({truth.OutbreaksNotPlaced} of the design not placed), " +
                $"{truth.NullWindows.Count} null windows. Generated in {level.Generation.TotalSeconds:0} s, parsed in {level.Parsing.TotalSeconds:0} s."));
            md.AppendLine();
            md.AppendLine("| Detector | Setting | Sensitivity | ×2+, ≥ 7 d, ≥ 50/weekday | ×3, ≥ 7 d, ≥ 50/weekday | Null-window hits | Days to detection, median / p90 (goal stratum median) | False alarms / municipality-year | Quiet cells under alert | Quiet municipality-days under alert | Alerts / day | Versions / alert | Run |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in level.Results)
            {
                var m = r.Metrics;
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Name} | {r.Setting} | {m.Sensitivity} | {m.GoalStratum.WithInterval()} | {m.StrongStratum.WithInterval()} | {m.NullWindowHits.WithInterval()} | " +
                    $"{Days(m.MedianDaysToDetection)} / {Days(m.P90DaysToDetection)} ({Days(m.GoalMedianDaysToDetection)}) | {m.FalseAlarmsPerMunicipalityYear:0.0} | {m.QuietCellsUnderAlert:P1} | " +
                    $"{m.QuietMunicipalityDaysUnderAlert:P1} | {m.AlertsPerDay:0.0} | {m.VersionsPerAlert:0.0} | {r.Elapsed.TotalSeconds:0} s |"));
            }
            md.AppendLine();

            md.AppendLine("Sensitivity by stratum (detected/outbreaks):");
            md.AppendLine();
            md.AppendLine("| Stratum | " + string.Join(" | ", level.Results.Select(r => $"{r.Name} ({r.Setting})")) + " |");
            md.AppendLine("|---|" + string.Concat(level.Results.Select(_ => "---|")));
            var strata = level.Results[0].Metrics.Strata;
            for (var i = 0; i < strata.Count; i++)
                md.AppendLine($"| {strata[i].Stratum}: {strata[i].Level} | " + string.Join(" | ", level.Results.Select(r => r.Metrics.Strata[i].Rate.ToString())) + " |");
            md.AppendLine();

            if (level.Sweeps.Count > 0)
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Sweeps (the matched row is the value closest to {targetFalseAlarms:0.#} false alarms per municipality-year):"));
                md.AppendLine();
                md.AppendLine("| Detector | Knob | False alarms / municipality-year | Sensitivity | ×2+, ≥ 7 d, ≥ 50/weekday | Null-window hits | Quiet cells under alert |");
                md.AppendLine("|---|---|---|---|---|---|---|");
                foreach (var p in level.Sweeps)
                    md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {p.Configuration} | {p.Knob} {p.Value} | {p.Metrics.FalseAlarmsPerMunicipalityYear:0.0} | {p.Metrics.Sensitivity} | " +
                        $"{p.Metrics.GoalStratum} | {p.Metrics.NullWindowHits} | {p.Metrics.QuietCellsUnderAlert:P1} |"));
                md.AppendLine();
            }
        }
        return md.ToString();
    }

    /// <summary>One detector's scores as plain lines, for <c>score</c> on a backtest's output.</summary>
    public static string Describe(QualityMetrics m)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"sensitivity               {m.Sensitivity.WithInterval()}"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"×2+, ≥ 7 d, ≥ 50/weekday  {m.GoalStratum.WithInterval()}"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"×3, ≥ 7 d, ≥ 50/weekday   {m.StrongStratum.WithInterval()}"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"null-window hits          {m.NullWindowHits.WithInterval()}"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"days to detection         median {Days(m.MedianDaysToDetection)}, p90 {Days(m.P90DaysToDetection)}; goal stratum median {Days(m.GoalMedianDaysToDetection)}"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"false alarms              {m.FalseAlarms} ({m.FalseAlarmsPerMunicipalityYear:0.0} per municipality-year)"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"quiet cells under alert   {m.QuietCellsUnderAlert:P1} (municipality-days: {m.QuietMunicipalityDaysUnderAlert:P1})"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"alerts                    {m.Alerts} ({m.AlertsPerDay:0.0} a day, {m.VersionsPerAlert:0.0} versions each)"));
        foreach (var (stratum, level, rate) in m.Strata) text.AppendLine($"  {stratum}: {level}  {rate}");
        return text.ToString();
    }

    static string Days(double? days) => days is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) : "–";
}
