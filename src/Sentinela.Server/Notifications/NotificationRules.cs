using Sentinela.Server.Alerts;
using Sentinela.Server.Delivery;

namespace Sentinela.Server.Notifications;

/// <summary>
/// What a user's preferences mean for one alert event: whether they want it at all (event type, minimum severity), and
/// when a push may make noise (quiet hours and digest hold back all but critical alerts). Local times are Brasília's.
/// </summary>
public static class NotificationRules
{
    static readonly TimeZoneInfo Brasilia = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

    /// <summary>Real time and push: the event type and severity the user asked for.</summary>
    public static bool Wants(this NotificationPreferences preferences, OutbreakAlert alert, string eventType) =>
        preferences.EventTypes.Contains(eventType) && alert.Severity >= preferences.MinimumSeverity;

    public static bool Wants(this NotificationPreferences preferences, OutbreakAlert alert) => preferences.Wants(alert, AlertEvent.TypeOf(alert));

    /// <summary>
    /// When a push for this alert may be sent: now for critical alerts; otherwise after the quiet hours if they are on,
    /// and at the next full hour for a digest user, whose held alerts then arrive together.
    /// </summary>
    public static DateTimeOffset PushTime(this NotificationPreferences preferences, OutbreakAlert alert, DateTimeOffset now)
    {
        if (alert.Severity == AlertSeverity.Critical) return now;
        var local = TimeZoneInfo.ConvertTime(now, Brasilia);
        var at = local;
        if (preferences.QuietHours is { } quiet && QuietUntil(quiet, local) is { } end) at = end;
        if (preferences.Mode == NotificationMode.Digest)
            at = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, 0, 0, at.Offset).AddHours(1);
        return at.ToUniversalTime();
    }

    /// <summary>The end of the quiet span <paramref name="local"/> falls in, or null outside it.</summary>
    static DateTimeOffset? QuietUntil(QuietHours quiet, DateTimeOffset local)
    {
        var (start, end, time) = (TimeOnly.Parse(quiet.Start), TimeOnly.Parse(quiet.End), TimeOnly.FromDateTime(local.DateTime));
        var inside = start < end ? time >= start && time < end : time >= start || time < end;
        if (!inside) return null;
        var day = time >= start && start > end ? local.Date.AddDays(1) : local.Date;
        return new DateTimeOffset(day.Add(end.ToTimeSpan()), local.Offset);
    }
}
