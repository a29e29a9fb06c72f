using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Delivery;

/// <summary>Sentinela:Delivery — the real-time hub.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Sentinela:Delivery";

    [Required] public string HubPath { get; set; } = "/hubs/alerts";

    /// <summary>
    /// The fan-out's tick: versions published within this window after a send go out together, each alert at its latest
    /// version only (the log keeps every version for resume and REST). Zero sends every version.
    /// </summary>
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The shortest wait before an unacknowledged event is sent again. The wait grows with the acks' observed latency
    /// (mean + 4 deviations, as TCP's retransmission timer) up to <see cref="MaxAckTimeout"/>, and a connection whose
    /// acks are still advancing is not resent to.
    /// </summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait before a resend, however slow acks have been.</summary>
    public TimeSpan MaxAckTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Resends after the first delivery; then the delivery is recorded as failed.</summary>
    [Range(0, 20)] public int MaxRetries { get; set; } = 3;

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>SignalR keep-alive ping; clients should time out at about twice this.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection silent for this long is considered dead and removed.</summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A client further behind than this many events is told to reload through REST instead of replaying.</summary>
    [Range(1, 100_000)] public int MaxReplay { get; set; } = 1000;

    /// <summary>
    /// Alert-log reads for resumes running at once; resumes asking for the same range while one waits share its read, so
    /// a reconnect storm costs a few reads, not one per client.
    /// </summary>
    [Range(1, 64)] public int ReplayReads { get; set; } = 2;

    [Range(1, 1000)] public int MaxWatchAreasPerConnection { get; set; } = 20;

    /// <summary>Largest hub message a client may send, in bytes.</summary>
    [Range(1024, 1024 * 1024)] public int MaxMessageBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Bytes buffered per connection in each direction before SignalR applies back-pressure; idle connections hold little
    /// either way, but a smaller limit caps what a slow client can pin in memory during a fan-out.
    /// </summary>
    [Range(4096, 1024 * 1024)] public int ConnectionBufferBytes { get; set; } = 32 * 1024;
}
