using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Rebalancing;

/// <summary>
/// Sentinela:Rebalancing — with several instances on one Redis, an instance holding clearly more hub connections than
/// the average asks some of its clients to reconnect (through the balancer, to a lighter instance). Off without Redis.
/// </summary>
public sealed class RebalancingOptions
{
    public const string Section = "Sentinela:Rebalancing";

    public bool Enabled { get; set; } = true;

    /// <summary>How often each instance publishes its count, compares, and sheds at most one round.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")] public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An instance's published count is ignored this long after it was last renewed (it stopped or lost Redis).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan CountExpiry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Above the average by more than this share (0.2: 20 %) counts as overloaded.</summary>
    [Range(0.0, 10.0)] public double Tolerance { get; set; } = 0.2;

    /// <summary>…and by at least this many connections, so small deployments do not shuffle a handful of clients.</summary>
    [Range(1, int.MaxValue)] public int MinimumExcess { get; set; } = 50;

    /// <summary>At most this share of the instance's connections is asked to move per interval (the pacing).</summary>
    [Range(0.001, 1.0)] public double MaxShedShare { get; set; } = 0.05;

    /// <summary>Clients asked to move reconnect at a random moment within this window.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")] public TimeSpan ReconnectSpread { get; set; } = TimeSpan.FromSeconds(5);
}
