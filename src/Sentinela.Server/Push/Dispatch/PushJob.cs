namespace Sentinela.Server.Push.Dispatch;

/// <summary>
/// One notification owed to one device for one alert version; unique on (alert, version, device), which makes enqueueing
/// idempotent. <see cref="CheckAck"/>: skip it if the user acknowledged the version in real time meanwhile.
/// <see cref="TraceParent"/>: the W3C traceparent of the enqueue span, so the later send links back to the alert's trace.
/// </summary>
public sealed record PushJob(
    Guid AlertId,
    int Version,
    Guid UserId,
    string DeviceId,
    PushPriority Priority,
    string Title,
    string Body,
    bool CheckAck,
    DateTimeOffset NotBefore,
    long Id = 0,
    PushJobStatus Status = PushJobStatus.Pending,
    int Attempts = 0,
    string? Provider = null,
    string? ProviderMessageId = null,
    string? Reason = null,
    DateTimeOffset? UpdatedAt = null,
    string? TraceParent = null)
{
    public PushMessage Message => new(AlertId, Version, Title, Body, Priority);
}

public enum PushJobStatus
{
    Pending,
    InFlight,
    Sent,
    Skipped,
    Dead,
}
