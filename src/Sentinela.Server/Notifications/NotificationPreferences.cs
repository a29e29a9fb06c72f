using System.Text.Json.Serialization;
using Sentinela.Server.Alerts;

namespace Sentinela.Server.Notifications;

/// <summary>
/// How a user wants to be told about alerts: which event types, from which severity, immediately or as a digest, whether
/// critical alerts sound in the dashboard, and quiet hours. Real-time delivery and push read these.
/// </summary>
public sealed record NotificationPreferences(
    IReadOnlyList<string> EventTypes,
    AlertSeverity MinimumSeverity,
    NotificationMode Mode,
    bool Sound,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] QuietHours? QuietHours)
{
    /// <summary>What a user who never saved preferences gets: everything, immediately, silent, no quiet hours.</summary>
    public static NotificationPreferences Default { get; } =
        new(["raised", "updated", "resolved"], AlertSeverity.Moderate, NotificationMode.Immediate, Sound: false, QuietHours: null);
}
