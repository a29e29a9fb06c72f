using System.Globalization;
using System.Net;
using System.Text;
using Sentinela.Client;

namespace Sentinela.Tests.Chaos;

/// <summary>One fault's line of the chaos table: client recovery, what was lost, and laboratory latency before/during/after.</summary>
public sealed record ChaosRow(string Fault, int Disconnected, double RecoveryMedian, double RecoveryMax, int VersionsLost, int Superseded, int Duplicates,
    int AcknowledgedNotStored, int LabErrors, (double P50, double P99) Before, (double P50, double P99) During, (double P50, double P99) After)
{
    public sealed record LoggedVersion(Guid Id, int Version, DateTime OccurredAt);

    /// <summary>
    /// Versions decided in [before, end) that an app lacks or got twice, requests sent in that span acknowledged but not
    /// stored, and for each app whose connection dropped after the injection, the time until it was connected again.
    /// </summary>
    public static ChaosRow Measure(string fault, DateTime before, DateTime injected, DateTime after, DateTime end, IReadOnlyList<LabTraffic.Request> requests,
        IReadOnlyList<AlertAudience.Member> members, IReadOnlyList<LoggedVersion> logged, HashSet<Guid> stored)
    {
        var versions = logged.Where(v => v.OccurredAt >= before && v.OccurredAt < end).ToList();
        // The fan-out coalesces by design: of two versions of one alert pending in the same tick a connection gets the
        // newer only (it carries the whole alert). A version is lost when an app has neither it nor a newer one.
        var lost = members.Sum(m => versions.Count(v => !Has(m, v)));
        var superseded = members.Sum(m => versions.Count(v => Has(m, v) && !m.Events.Any(e => e.Alert.Id == v.Id && e.Alert.Version == v.Version)));
        var duplicates = members.Sum(m => versions.Sum(v => Math.Max(0, m.Events.Count(e => e.Alert.Id == v.Id && e.Alert.Version == v.Version) - 1)));
        var recoveries = new List<double>();
        foreach (var member in members)
        {
            var states = member.States.ToList();
            if (states.FirstOrDefault(s => s.At >= injected && s.At < end && s.State == ClientConnectionState.Reconnecting) is not { At.Ticks: > 0 } lostAt) continue;
            var back = states.FirstOrDefault(s => s.At > lostAt.At && s.State == ClientConnectionState.Connected);
            recoveries.Add(((back.At.Ticks > 0 ? back.At : end) - lostAt.At).TotalSeconds);
        }
        recoveries.Sort();
        var window = requests.Where(r => r.SentAt >= before && r.SentAt < end).ToList();
        return new(fault, recoveries.Count, recoveries.Count > 0 ? recoveries[recoveries.Count / 2] : 0, recoveries.Count > 0 ? recoveries[^1] : 0,
            lost, superseded, duplicates, window.Count(r => r.Acknowledged is { } id && !stored.Contains(id)),
            requests.Count(r => r.SentAt >= injected && r.SentAt < after && r.Status != HttpStatusCode.Created),
            Latency(requests, before, injected), Latency(requests, injected, after), Latency(requests, after, end));
    }

    /// <summary>The app got this version of the alert, or a newer one.</summary>
    public static bool Has(AlertAudience.Member member, LoggedVersion version) =>
        member.Events.Any(e => e.Alert.Id == version.Id && e.Alert.Version >= version.Version);

    static (double, double) Latency(IReadOnlyList<LabTraffic.Request> requests, DateTime from, DateTime to)
    {
        var ms = requests.Where(r => r.SentAt >= from && r.SentAt < to).Select(r => r.Milliseconds).Order().ToList();
        return ms.Count == 0 ? (double.NaN, double.NaN) : (ms[(int)(ms.Count * 0.5)], ms[Math.Min(ms.Count - 1, (int)(ms.Count * 0.99))]);
    }

    /// <summary>The markdown table docs/OPERATIONS.md shows, with the run's size and the machine's load.</summary>
    public static string Table(IReadOnlyList<ChaosRow> rows, ChaosPlan plan, int versions, int requests, long unanalysed)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"\nChaos run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {plan.Clients} apps, {requests} lab requests, {versions} alert versions, " +
            $"{plan.Window.TotalSeconds:F0} s windows; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores; " +
            $"un-analysed at the end: {unanalysed}\n");
        text.AppendLine("| fault | apps dropped | recovery median / max (s) | versions lost | superseded | duplicates | acknowledged not stored | lab non-201 during | lab p50 / p99 ms before | during | after |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            text.AppendLine(c, $"| {r.Fault} | {r.Disconnected} | {(r.Disconnected == 0 ? "–" : $"{r.RecoveryMedian:F1} / {r.RecoveryMax:F1}")} | {r.VersionsLost} | {r.Superseded} | {r.Duplicates} | {r.AcknowledgedNotStored} | {r.LabErrors} | " +
                $"{r.Before.P50:F0} / {r.Before.P99:F0} | {r.During.P50:F0} / {r.During.P99:F0} | {r.After.P50:F0} / {r.After.P99:F0} |");
        return text.ToString();
    }
}
