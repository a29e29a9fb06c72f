using System.Globalization;

namespace Sentinela.Simulator.Traffic;

/// <summary>
/// Totals so far, in hemograms (a Bundle's entries are counted one by one): 201 created, 200 duplicates (already
/// stored, same identifier), 4xx, 5xx, any other status, and failed (no HTTP answer: refused, reset, timed out).
/// <see cref="InFlight"/> counts requests posted and not yet answered: a server slow to answer its first requests shows
/// there rather than as a simulator that sends nothing.
/// </summary>
public sealed record TrafficSnapshot(
    TimeSpan Elapsed,
    long Requests,
    long InFlight,
    long Sent,
    long Created,
    long Duplicates,
    long ClientErrors,
    long ServerErrors,
    long OtherStatuses,
    long Failed,
    string? LastError)
{
    /// <summary>Whether the server answered at least once.</summary>
    public bool ReachedServer => Sent > Failed;

    /// <summary>One progress line; the rate is measured since <paramref name="previous"/> (or since the start).</summary>
    public string Describe(TrafficSnapshot? previous = null)
    {
        var seconds = (Elapsed - (previous?.Elapsed ?? TimeSpan.Zero)).TotalSeconds;
        var rate = seconds > 0 ? (Sent - (previous?.Sent ?? 0)) / seconds : 0;
        var other = OtherStatuses > 0 ? $" | other {OtherStatuses}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{Elapsed.TotalSeconds,5:0}s] sent {Sent} | 201 created {Created} | 200 duplicates {Duplicates} | 4xx {ClientErrors} | 5xx {ServerErrors}{other} | failed {Failed} | in flight {InFlight} | {rate:0.0}/s");
    }
}
