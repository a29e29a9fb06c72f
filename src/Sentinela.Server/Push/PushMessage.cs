namespace Sentinela.Server.Push;

/// <summary>
/// One alert version as a push notification. Title and body come from the caller, already in Brazilian Portuguese; the
/// data payload carries (alert id, version) so the app can drop what it already received over the WebSocket.
/// </summary>
public sealed record PushMessage(Guid AlertId, int Version, string Title, string Body, PushPriority Priority)
{
    /// <summary>Later versions of an alert replace earlier ones on the device (Android collapse key, APNs collapse id, iOS thread).</summary>
    public string CollapseKey => $"alert-{AlertId:N}";

    /// <summary>
    /// Strings only, and the same on every provider: FCM data accepts nothing else, and one shape keeps the app's
    /// deduplication simple.
    /// </summary>
    public IReadOnlyDictionary<string, string> Data => new Dictionary<string, string>
    {
        ["alertId"] = AlertId.ToString(),
        ["version"] = Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
