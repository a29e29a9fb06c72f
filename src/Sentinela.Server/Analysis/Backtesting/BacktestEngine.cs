using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>
/// The live decision engine driven on data time: each hemogram is counted as the outbox worker would count it, and each
/// tick decides as the decision loop would; versions are numbered as the alert log would number them.
/// </summary>
public sealed class BacktestEngine(DetectionEngine engine)
{
    long _sequence;

    public void Observe(Hemogram hemogram) => engine.Count(CountChange.Of(hemogram));

    public IReadOnlyList<OutbreakAlert> Tick(DateTimeOffset now)
    {
        var versions = engine.Decide(now);
        return versions.Count == 0 ? versions : versions.Select(v => v with { Sequence = ++_sequence }).ToList();
    }
}
