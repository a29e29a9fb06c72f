using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Delivery;

/// <summary>Sentinela:Delivery — the real-time hub.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Sentinela:Delivery";

    [Required] public string HubPath { get; set; } = "/hubs/alerts";

    /// <summary>An alert event not acknowledged within this time is sent again.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Resends after the first delivery; then the delivery is recorded as failed.</summary>
    [Range(0, 20)] public int MaxRetries { get; set; } = 3;

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>SignalR keep-alive ping; clients should time out at about twice this.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection silent for this long is considered dead and removed.</summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A client further behind than this many events is told to reload through REST instead of replaying.</summary>
    [Range(1, 100_000)] public int MaxReplay { get; set; } = 1000;

    [Range(1, 1000)] public int MaxWatchAreasPerConnection { get; set; } = 20;

    /// <summary>Largest hub message a client may send, in bytes.</summary>
    [Range(1024, 1024 * 1024)] public int MaxMessageBytes { get; set; } = 32 * 1024;
}
