namespace Sentinela.Server.Alerts.Workflow;

/// <summary>
/// The workflow's indicators for the alerts raised in a period (GET /api/alerts/kpis): counts by state and, for each step
/// (acknowledge, verify = confirmed or discarded, close), the share done within 24 h of raising and the median time — the
/// Sphere / WHO EWARS measure of an early-warning system.
/// </summary>
public sealed record AlertKpis(
    DateTimeOffset From,
    DateTimeOffset To,
    int Alerts,
    IReadOnlyDictionary<string, int> ByState,
    int Escalated,
    int Confirmed,
    int Discarded,
    StepKpi Acknowledge,
    StepKpi Verify,
    StepKpi Close)
{
    /// <summary>The field standard's mark for every step.</summary>
    public static readonly TimeSpan Target = TimeSpan.FromHours(24);

    /// <summary>Pure: the indicators of these alert clocks, as of <paramref name="now"/>.</summary>
    public static AlertKpis Compute(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<AlertClock> clocks, DateTimeOffset now) => new(
        from, to, clocks.Count,
        Enum.GetValues<AlertHandlingState>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => clocks.Count(c => c.State == s)),
        clocks.Count(c => c.EscalatedAt is not null),
        clocks.Count(c => c.VerifiedAs == AlertHandlingState.Confirmed),
        clocks.Count(c => c.VerifiedAs == AlertHandlingState.Discarded),
        Step(clocks, c => c.TimeToAcknowledge, now),
        Step(clocks, c => c.TimeToVerify, now),
        Step(clocks, c => c.TimeToClose, now));

    static StepKpi Step(IReadOnlyList<AlertClock> clocks, Func<AlertClock, TimeSpan?> duration, DateTimeOffset now)
    {
        var reached = clocks.Select(duration).OfType<TimeSpan>().Order().ToList();
        var within = reached.Count(d => d <= Target);
        var eligible = clocks.Count(c => duration(c) <= Target || now - c.RaisedAt > Target);
        return new StepKpi(reached.Count, within, eligible, eligible == 0 ? null : (double)within / eligible, Median(reached));
    }

    static double? Median(List<TimeSpan> sorted) => sorted.Count == 0 ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2].TotalSeconds
        : (sorted[sorted.Count / 2 - 1].TotalSeconds + sorted[sorted.Count / 2].TotalSeconds) / 2;
}
