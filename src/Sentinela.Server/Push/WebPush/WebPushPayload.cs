namespace Sentinela.Server.Push.WebPush;

/// <summary>
/// What the service worker receives, encrypted: the notification's Portuguese words, (alert id, version) to drop what
/// the open dashboard already showed, and the page its click opens.
/// </summary>
public sealed record WebPushPayload(string Title, string Body, string AlertId, int Version, string Priority, string Url)
{
    /// <summary>Push services take 4096 bytes of ciphertext; these caps keep the JSON well under (≈3993 bytes of plaintext).</summary>
    const int MaxTitle = 200, MaxBody = 1000;

    public static WebPushPayload For(PushMessage message) => new(
        Cut(message.Title, MaxTitle), Cut(message.Body, MaxBody), message.AlertId.ToString(), message.Version,
        message.Priority == PushPriority.Critical ? "critical" : "normal", $"/#/alertas/{message.AlertId}");

    static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
