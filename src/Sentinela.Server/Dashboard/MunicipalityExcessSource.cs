using System.Collections.Concurrent;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Decisions;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Dashboard;

/// <summary>
/// Observed against expected for every municipality with tests, per condition and window, worked out once per analysis
/// decision and shared by every reader, who then only filters it to their jurisdiction: the work holds the decider's
/// lock, which every dashboard refreshing each minute must not take again and again.
/// </summary>
public sealed class MunicipalityExcessSource(OutbreakDecider decider, MunicipalityTable table)
{
    readonly ConcurrentDictionary<(Condition, int), (DateTimeOffset AsOf, IReadOnlyList<MunicipalityExcess> All)> _latest = new();

    /// <summary>Null before the first decision.</summary>
    public async Task<(DateTimeOffset AsOf, IReadOnlyList<MunicipalityExcess> All)?> ReadAsync(Condition condition, int days, CancellationToken ct)
    {
        if (decider.LastDecisionAt is not { } last) return null;
        if (_latest.TryGetValue((condition, days), out var known) && known.AsOf == last) return known;
        if (await decider.ReadAsync(e => Of(e, condition, days), ct) is not { } read) return null;
        return _latest[(condition, days)] = (read.AsOf, read.Value);
    }

    IReadOnlyList<MunicipalityExcess> Of(Expectations expectations, Condition condition, int days)
    {
        var today = expectations.Baseline.Today;
        return expectations.Counts.Municipalities
            .Select(code => (code, m: table.Find(code), outcome: expectations.Over([code], condition, today - days + 1, today)))
            .Where(x => x.m is not null && x.outcome.Tests > 0)
            .OrderBy(x => x.code)
            .Select(x => new MunicipalityExcess(x.code, x.m!.Name, x.outcome.Tests, x.outcome.Observed, Math.Round(x.outcome.Expected, 3),
                x.outcome.Expected > 0 ? Math.Round(x.outcome.Ratio, 3) : null, x.outcome.PValue))
            .ToList();
    }
}
