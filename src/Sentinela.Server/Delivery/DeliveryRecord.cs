namespace Sentinela.Server.Delivery;

/// <summary>What happened to one alert version on one connection: delivered, acknowledged or failed, with times.</summary>
public sealed record DeliveryRecord(
    Guid AlertId,
    int Version,
    long Sequence,
    string Recipient,
    string ConnectionId,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset DeliveredAt,
    DateTimeOffset? AckedAt = null,
    DateTimeOffset? FailedAt = null,
    string? FailureReason = null);

public enum DeliveryStatus
{
    Delivered,
    Acked,
    Failed,
}
