using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Observability;

/// <summary>Sentinela:Observability:Realtime — when /health/realtime reports an instance as degraded.</summary>
public sealed class RealtimeHealthOptions
{
    /// <summary>Average alert delivery latency (hemogram received → client ack) over the last minute above which delivery is degraded.</summary>
    public TimeSpan DegradedDeliveryLatency { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of Sentinela:Limits:ConnectionsPerInstance in use above which the instance is near capacity.</summary>
    [Range(0.1, 1.0)] public double DegradedConnectionShare { get; set; } = 0.9;

    /// <summary>Delivery receipts waiting to be written above which storage is not keeping up with the acks.</summary>
    [Range(1, int.MaxValue)] public int DegradedReceiptBacklog { get; set; } = 100_000;
}
