using System.Globalization;
using Sentinela.Server.Alerts;
using Sentinela.Server.Delivery;

namespace Sentinela.Server.Notifications;

/// <summary>Body of PUT /api/user/notification-preferences: the whole set, every field but quietHours required.</summary>
public sealed record NotificationPreferencesRequest(
    string[]? EventTypes,
    string? MinimumSeverity,
    string? Mode,
    bool? Sound,
    QuietHoursRequest? QuietHours)
{
    /// <summary>The preferences this request asks for, or the problems with it by field.</summary>
    public (NotificationPreferences? Preferences, Dictionary<string, string[]> Errors) Read()
    {
        var errors = new Dictionary<string, string[]>();
        if (EventTypes is null or []) errors["eventTypes"] = ["Give at least one of: raised, updated, resolved."];
        else if (EventTypes.FirstOrDefault(t => !AlertEvent.AllTypes.Contains(t)) is { } unknown)
            errors["eventTypes"] = [$"'{Truncated(unknown)}' is not one of: raised, updated, resolved."];
        else if (EventTypes.Distinct().Count() != EventTypes.Length) errors["eventTypes"] = ["An event type is listed twice."];

        var severity = ParseName<AlertSeverity>(MinimumSeverity, "minimumSeverity", "moderate, high or critical", errors);
        var mode = ParseName<NotificationMode>(Mode, "mode", "immediate or digest", errors);
        if (Sound is null) errors["sound"] = ["Say true or false."];

        QuietHours? quiet = null;
        if (QuietHours is not null)
        {
            if (!IsClockTime(QuietHours.Start)) errors["quietHours.start"] = ["Use HH:mm, 00:00 to 23:59."];
            if (!IsClockTime(QuietHours.End)) errors["quietHours.end"] = ["Use HH:mm, 00:00 to 23:59."];
            else if (QuietHours.Start == QuietHours.End) errors["quietHours.end"] = ["Must differ from the start."];
            quiet = new QuietHours(QuietHours.Start!, QuietHours.End!);
        }
        return errors.Count > 0
            ? (null, errors)
            : (new NotificationPreferences(EventTypes!, severity, mode, Sound!.Value, quiet), errors);
    }

    /// <summary>Lower-case names only ("critical"): numbers and other spellings are refused, as the API writes them.</summary>
    static T ParseName<T>(string? text, string field, string allowed, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
            if (text is not null && text == value.ToString().ToLowerInvariant()) return value;
        errors[field] = [$"Use {allowed}."];
        return default;
    }

    static bool IsClockTime(string? text) =>
        text is { Length: 5 } && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    static string Truncated(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
