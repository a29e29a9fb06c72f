using System.Text.Json.Serialization;

namespace Sentinela.Server.Push.Apns;

// APNs payload and error bodies (developer.apple.com: "Generating a remote notification", "Handling notification responses").

internal sealed record ApnsPayload(
    ApnsAps Aps,
    [property: JsonPropertyName("alertId")] string AlertId,
    [property: JsonPropertyName("version")] string Version);

internal sealed record ApnsAps(
    ApnsAlert Alert,
    string? Sound,
    [property: JsonPropertyName("thread-id")] string ThreadId);

internal sealed record ApnsAlert(string Title, string Body);

internal sealed record ApnsError(string? Reason);
