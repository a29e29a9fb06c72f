using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sentinela.LoadHarness;

/// <summary>
/// What a group of clients saw after the mark. Times are wall-clock Unix milliseconds (the same machine's clock in every
/// harness process), NaN for "not yet".
/// </summary>
/// <param name="ReadyAt">When each client was connected, subscribed and resumed.</param>
/// <param name="FirstEventAt">When each ready client first received an event newer than the mark.</param>
/// <param name="LiveLagsMs">Every live event's delay from the alert's decision (its updatedAt) to the client.</param>
/// <param name="Resends">Events received with attempt &gt; 1.</param>
/// <param name="EventBytes">JSON size of one received event, for comparing payloads.</param>
/// <param name="MaxSequence">The newest sequence received.</param>
public sealed record WatcherReport(double[] ReadyAt, double[] FirstEventAt, double[] LiveLagsMs, int Resends, int EventBytes, long MaxSequence)
{
    /// <summary>How reports cross the pipe between harness processes: NaN ("not yet") is a number here.</summary>
    public static readonly JsonSerializerOptions Wire = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static WatcherReport Combine(IEnumerable<WatcherReport> parts)
    {
        var all = parts.ToList();
        return new([.. all.SelectMany(p => p.ReadyAt)], [.. all.SelectMany(p => p.FirstEventAt)], [.. all.SelectMany(p => p.LiveLagsMs)],
            all.Sum(p => p.Resends), all.Select(p => p.EventBytes).FirstOrDefault(b => b > 0), all.Max(p => p.MaxSequence));
    }

    public static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
}
