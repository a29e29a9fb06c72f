using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>
/// The rules the server runs today (radius circles, municipality and state windows: <see cref="OutbreakDetector"/>), numbering
/// each version it decides 1, 2, 3… as the alert log would.
/// </summary>
public sealed class LegacyRulesEngine(CollectiveAnalysisOptions options, MunicipalityTable municipalities) : IBacktestEngine
{
    readonly OutbreakDetector _detector = new(options, municipalities);
    long _sequence;

    public IReadOnlyList<OutbreakAlert> Observe(Hemogram hemogram, DateTimeOffset now) =>
        Logged(_detector.Observe(new IndexedHemogram(hemogram), now));

    public IReadOnlyList<OutbreakAlert> Tick(DateTimeOffset now) => Logged(_detector.Tick(now));

    List<OutbreakAlert> Logged(IReadOnlyList<AlertChange> changes)
    {
        var logged = new List<OutbreakAlert>();
        foreach (var change in changes)
            if (change.NewVersion is { } version) logged.Add(version with { Sequence = ++_sequence });
        return logged;
    }
}
