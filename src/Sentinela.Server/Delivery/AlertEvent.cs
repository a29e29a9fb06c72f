using Sentinela.Server.Alerts;

namespace Sentinela.Server.Delivery;

/// <summary>One alert version as delivered over the hub. Attempt is 1 for the first delivery, then 2..4 for retries.</summary>
public sealed record AlertEvent(long Sequence, string EventType, OutbreakAlert Alert, bool Replayed, int Attempt)
{
    public const string Raised = "raised";
    public const string Updated = "updated";
    public const string Resolved = "resolved";
    public static readonly string[] AllTypes = [Raised, Updated, Resolved];

    public static string TypeOf(OutbreakAlert alert) =>
        alert.Status == AlertStatus.Resolved ? Resolved : alert.Version == 1 ? Raised : Updated;

    public static AlertEvent For(OutbreakAlert alert, bool replayed = false) => new(alert.Sequence, TypeOf(alert), alert, replayed, 1);
}
